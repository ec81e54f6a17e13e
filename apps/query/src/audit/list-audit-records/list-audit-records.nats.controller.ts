import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListAuditRecordsRequest,
  Subjects,
  type ListAuditRecordsReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListAuditRecordsQuery } from './list-audit-records.query';

@NatsController()
export class ListAuditRecordsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.auditList)
  list(
    @Payload(new EnvelopeValidationPipe(ListAuditRecordsRequest)) envelope: RequestEnvelope<ListAuditRecordsRequest>,
  ): Promise<Reply<ListAuditRecordsReply>> {
    return this.queries.execute(new ListAuditRecordsQuery(envelope.meta, envelope.data));
  }
}
