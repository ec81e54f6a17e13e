import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ExportReconciliationRequest,
  Subjects,
  type ExportReconciliationReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { ExportReconciliationQuery } from './export-reconciliation.query';

@NatsController()
export class ExportReconciliationNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.reconciliationExport)
  export(
    @Payload(new EnvelopeValidationPipe(ExportReconciliationRequest))
    envelope: RequestEnvelope<ExportReconciliationRequest>,
  ): Promise<Reply<ExportReconciliationReply>> {
    return this.queries.execute(new ExportReconciliationQuery(envelope.meta, envelope.data));
  }
}
