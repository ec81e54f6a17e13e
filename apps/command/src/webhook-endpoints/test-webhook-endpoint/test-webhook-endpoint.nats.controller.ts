import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, WebhookEndpointIdRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { TestWebhookEndpointCommand } from './test-webhook-endpoint.command';

@NatsController()
export class TestWebhookEndpointNatsController {
  @MessagePattern(Subjects.command.webhookEndpointTest)
  @Idempotent({ scope: Subjects.command.webhookEndpointTest })
  test(
    @Payload(new EnvelopeValidationPipe(WebhookEndpointIdRequest)) envelope: RequestEnvelope<WebhookEndpointIdRequest>,
  ): TestWebhookEndpointCommand {
    return new TestWebhookEndpointCommand(envelope.meta, envelope.data);
  }
}
