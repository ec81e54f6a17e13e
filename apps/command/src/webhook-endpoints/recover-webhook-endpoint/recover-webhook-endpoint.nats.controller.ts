import { MessagePattern, Payload } from '@nestjs/microservices';
import { RecoverWebhookEndpointRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { RecoverWebhookEndpointCommand } from './recover-webhook-endpoint.command';

@NatsController()
export class RecoverWebhookEndpointNatsController {
  @MessagePattern(Subjects.command.webhookEndpointRecover)
  @Idempotent({ scope: Subjects.command.webhookEndpointRecover })
  recover(
    @Payload(new EnvelopeValidationPipe(RecoverWebhookEndpointRequest))
    envelope: RequestEnvelope<RecoverWebhookEndpointRequest>,
  ): RecoverWebhookEndpointCommand {
    return new RecoverWebhookEndpointCommand(envelope.meta, envelope.data);
  }
}
