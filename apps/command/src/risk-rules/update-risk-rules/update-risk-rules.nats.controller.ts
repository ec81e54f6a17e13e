import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, UpdateRiskRulesRequest, type RequestEnvelope } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { Idempotent } from '../../shared/idempotent.decorator';
import { UpdateRiskRulesCommand } from './update-risk-rules.command';

@NatsController()
export class UpdateRiskRulesNatsController {
  @MessagePattern(Subjects.command.riskRulesUpdate)
  @Idempotent({ scope: Subjects.command.riskRulesUpdate })
  update(
    @Payload(new EnvelopeValidationPipe(UpdateRiskRulesRequest)) envelope: RequestEnvelope<UpdateRiskRulesRequest>,
  ): UpdateRiskRulesCommand {
    return new UpdateRiskRulesCommand(envelope.meta, envelope.data);
  }
}
