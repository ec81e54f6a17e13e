import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, UpdateGatewayConfigRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { UpdateGatewayConfigCommand } from './update-gateway-config.command';

@NatsController()
export class UpdateGatewayConfigNatsController {
  @MessagePattern(Subjects.command.gatewayConfigUpdate)
  @Idempotent({ scope: Subjects.command.gatewayConfigUpdate, secretFields: ['credentials'] })
  update(
    @Payload(new EnvelopeValidationPipe(UpdateGatewayConfigRequest))
    envelope: RequestEnvelope<UpdateGatewayConfigRequest>,
  ): UpdateGatewayConfigCommand {
    return new UpdateGatewayConfigCommand(envelope.meta, envelope.data);
  }
}
