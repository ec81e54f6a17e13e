import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, WebhookEndpointIdRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { RotateWebhookEndpointSecretCommand } from './rotate-webhook-endpoint-secret.command';

@NatsController()
export class RotateWebhookEndpointSecretNatsController {
  @MessagePattern(Subjects.command.webhookEndpointRotateSecret)
  @Idempotent({ scope: Subjects.command.webhookEndpointRotateSecret, secretReplyFields: ['secret'] })
  rotate(
    @Payload(new EnvelopeValidationPipe(WebhookEndpointIdRequest))
    envelope: RequestEnvelope<WebhookEndpointIdRequest>,
  ): RotateWebhookEndpointSecretCommand {
    return new RotateWebhookEndpointSecretCommand(envelope.meta, envelope.data);
  }
}
