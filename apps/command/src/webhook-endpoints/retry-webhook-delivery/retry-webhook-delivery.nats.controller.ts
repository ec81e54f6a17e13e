import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, WebhookDeliveryIdRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { RetryWebhookDeliveryCommand } from './retry-webhook-delivery.command';

@NatsController()
export class RetryWebhookDeliveryNatsController {
  @MessagePattern(Subjects.command.webhookDeliveryRetry)
  @Idempotent({ scope: Subjects.command.webhookDeliveryRetry })
  retry(
    @Payload(new EnvelopeValidationPipe(WebhookDeliveryIdRequest)) envelope: RequestEnvelope<WebhookDeliveryIdRequest>,
  ): RetryWebhookDeliveryCommand {
    return new RetryWebhookDeliveryCommand(envelope.meta, envelope.data);
  }
}
