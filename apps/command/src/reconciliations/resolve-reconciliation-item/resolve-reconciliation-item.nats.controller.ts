import { MessagePattern, Payload } from '@nestjs/microservices';
import { ResolveReconciliationItemRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { ResolveReconciliationItemCommand } from './resolve-reconciliation-item.command';

/** Resolving twice changes nothing; with an idempotency key a retry replays the first reply. */
@NatsController()
export class ResolveReconciliationItemNatsController {
  @MessagePattern(Subjects.command.reconciliationResolveItem)
  @Idempotent({ scope: Subjects.command.reconciliationResolveItem })
  resolve(
    @Payload(new EnvelopeValidationPipe(ResolveReconciliationItemRequest))
    envelope: RequestEnvelope<ResolveReconciliationItemRequest>,
  ): ResolveReconciliationItemCommand {
    return new ResolveReconciliationItemCommand(envelope.meta, envelope.data);
  }
}
