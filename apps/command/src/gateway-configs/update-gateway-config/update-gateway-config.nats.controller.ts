import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Subjects,
  UpdateGatewayConfigRequest,
  type GatewayConfigReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { UpdateGatewayConfigCommand } from './update-gateway-config.command';

@NatsController()
export class UpdateGatewayConfigNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.gatewayConfigUpdate)
  update(
    @Payload(new EnvelopeValidationPipe(UpdateGatewayConfigRequest))
    envelope: RequestEnvelope<UpdateGatewayConfigRequest>,
  ): Promise<Reply<GatewayConfigReply>> {
    return this.idempotent.run(
      Subjects.command.gatewayConfigUpdate,
      envelope,
      () => this.commands.execute(new UpdateGatewayConfigCommand(envelope.meta, envelope.data)),
      ['credentials'],
    );
  }
}
