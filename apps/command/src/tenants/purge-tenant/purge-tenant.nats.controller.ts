import { MessagePattern, Payload } from '@nestjs/microservices';
import { PurgeTenantRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { PurgeTenantCommand } from './purge-tenant.command';

/** A repeated purge deletes nothing more; with an idempotency key it replays the first reply (its counts). */
@NatsController()
export class PurgeTenantNatsController {
  @MessagePattern(Subjects.command.tenantPurge)
  @Idempotent({ scope: Subjects.command.tenantPurge })
  purge(
    @Payload(new EnvelopeValidationPipe(PurgeTenantRequest)) envelope: RequestEnvelope<PurgeTenantRequest>,
  ): PurgeTenantCommand {
    return new PurgeTenantCommand(envelope.meta, envelope.data);
  }
}
