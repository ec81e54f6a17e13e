import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRefundRequest, Subjects, type RefundView, type Reply, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetRefundQuery } from './get-refund.query';

@NatsController()
export class GetRefundNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.refundGet)
  get(
    @Payload(new EnvelopeValidationPipe(GetRefundRequest)) envelope: RequestEnvelope<GetRefundRequest>,
  ): Promise<Reply<RefundView>> {
    return this.queries.execute(new GetRefundQuery(envelope.meta, envelope.data));
  }
}
