import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ResolveReconciliationItemRequest,
  Subjects,
  type Reply,
  type RequestEnvelope,
  type ResolveReconciliationItemReply,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { ResolveReconciliationItemCommand } from './resolve-reconciliation-item.command';

/** Resolving twice changes nothing; with an idempotency key a retry replays the first reply. */
@NatsController()
export class ResolveReconciliationItemNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.reconciliationResolveItem)
  resolve(
    @Payload(new EnvelopeValidationPipe(ResolveReconciliationItemRequest))
    envelope: RequestEnvelope<ResolveReconciliationItemRequest>,
  ): Promise<Reply<ResolveReconciliationItemReply>> {
    return this.idempotent.run(Subjects.command.reconciliationResolveItem, envelope, () =>
      this.commands.execute(new ResolveReconciliationItemCommand(envelope.meta, envelope.data)),
    );
  }
}
