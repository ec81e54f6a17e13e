import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateWebhookEndpointRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command';

@NatsController()
export class CreateWebhookEndpointNatsController {
  @MessagePattern(Subjects.command.webhookEndpointCreate)
  @Idempotent({ scope: Subjects.command.webhookEndpointCreate, secretReplyFields: ['secret'] })
  create(
    @Payload(new EnvelopeValidationPipe(CreateWebhookEndpointRequest))
    envelope: RequestEnvelope<CreateWebhookEndpointRequest>,
  ): CreateWebhookEndpointCommand {
    return new CreateWebhookEndpointCommand(envelope.meta, envelope.data);
  }
}
