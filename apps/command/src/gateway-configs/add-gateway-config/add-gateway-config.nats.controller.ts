import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddGatewayConfigRequest,
  Subjects,
  type GatewayConfigReply,
  type Reply,
  type RequestEnvelope,
} from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { IdempotentExecution } from '../../shared/idempotent-execution';
import { AddGatewayConfigCommand } from './add-gateway-config.command';

@NatsController()
export class AddGatewayConfigNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotent: IdempotentExecution,
  ) {}

  @MessagePattern(Subjects.command.gatewayConfigAdd)
  add(
    @Payload(new EnvelopeValidationPipe(AddGatewayConfigRequest)) envelope: RequestEnvelope<AddGatewayConfigRequest>,
  ): Promise<Reply<GatewayConfigReply>> {
    return this.idempotent.run(
      Subjects.command.gatewayConfigAdd,
      envelope,
      () => this.commands.execute(new AddGatewayConfigCommand(envelope.meta, envelope.data)),
      ['credentials'],
    );
  }
}
