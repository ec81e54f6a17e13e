import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, WebhookEndpointIdRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command';

@NatsController()
export class DeleteWebhookEndpointNatsController {
  @MessagePattern(Subjects.command.webhookEndpointDelete)
  @Idempotent({ scope: Subjects.command.webhookEndpointDelete })
  delete(
    @Payload(new EnvelopeValidationPipe(WebhookEndpointIdRequest))
    envelope: RequestEnvelope<WebhookEndpointIdRequest>,
  ): DeleteWebhookEndpointCommand {
    return new DeleteWebhookEndpointCommand(envelope.meta, envelope.data);
  }
}
