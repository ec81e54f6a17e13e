import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListJobRunsRequest, Subjects, type ListJobRunsReply, type Reply, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListJobRunsQuery } from './list-job-runs.query';

@NatsController()
export class ListJobRunsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.jobRunList)
  list(
    @Payload(new EnvelopeValidationPipe(ListJobRunsRequest)) envelope: RequestEnvelope<ListJobRunsRequest>,
  ): Promise<Reply<ListJobRunsReply>> {
    return this.queries.execute(new ListJobRunsQuery(envelope.meta, envelope.data));
  }
}
