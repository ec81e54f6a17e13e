import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddGatewayConfigRequest, Subjects, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { AddGatewayConfigCommand } from './add-gateway-config.command';

@NatsController()
export class AddGatewayConfigNatsController {
  @MessagePattern(Subjects.command.gatewayConfigAdd)
  @Idempotent({ scope: Subjects.command.gatewayConfigAdd, secretFields: ['credentials'] })
  add(
    @Payload(new EnvelopeValidationPipe(AddGatewayConfigRequest)) envelope: RequestEnvelope<AddGatewayConfigRequest>,
  ): AddGatewayConfigCommand {
    return new AddGatewayConfigCommand(envelope.meta, envelope.data);
  }
}
