import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListUnsettledTransfersRequest,
  Subjects,
  type ListUnsettledTransfersReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ListUnsettledTransfersQuery } from './list-unsettled-transfers.query';

@NatsController()
export class ListUnsettledTransfersNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.vietqrTransferListUnsettled)
  list(
    @Payload(new EnvelopeValidationPipe(ListUnsettledTransfersRequest))
    envelope: RequestEnvelope<ListUnsettledTransfersRequest>,
  ): Promise<Reply<ListUnsettledTransfersReply>> {
    return this.queries.execute(new ListUnsettledTransfersQuery(envelope.meta, envelope.data));
  }
}
