import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, UpdateWebhookEndpointRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command';

@NatsController()
export class UpdateWebhookEndpointNatsController {
  @MessagePattern(Subjects.command.webhookEndpointUpdate)
  @Idempotent({ scope: Subjects.command.webhookEndpointUpdate })
  update(
    @Payload(new EnvelopeValidationPipe(UpdateWebhookEndpointRequest))
    envelope: RequestEnvelope<UpdateWebhookEndpointRequest>,
  ): UpdateWebhookEndpointCommand {
    return new UpdateWebhookEndpointCommand(envelope.meta, envelope.data);
  }
}
