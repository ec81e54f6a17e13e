import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PurgeTenantRequest, Subjects, type PurgeTenantReply, type Reply, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { PurgeTenantCommand } from './purge-tenant.command';

/** A repeated purge deletes nothing more; with an idempotency key it replays the first reply (its counts). */
@NatsController()
export class PurgeTenantNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.tenantPurge)
  purge(
    @Payload(new EnvelopeValidationPipe(PurgeTenantRequest)) envelope: RequestEnvelope<PurgeTenantRequest>,
  ): Promise<Reply<PurgeTenantReply>> {
    return this.idempotent.run(Subjects.command.tenantPurge, envelope, () =>
      this.commands.execute(new PurgeTenantCommand(envelope.meta, envelope.data)),
    );
  }
}
