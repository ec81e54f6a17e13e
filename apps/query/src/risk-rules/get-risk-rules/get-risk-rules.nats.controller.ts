import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRiskRulesRequest, Subjects, type Reply, type RequestEnvelope, type RiskRulesView } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { GetRiskRulesQuery } from './get-risk-rules.query';

@NatsController()
export class GetRiskRulesNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(Subjects.query.riskRulesGet)
  get(
    @Payload(new EnvelopeValidationPipe(GetRiskRulesRequest)) envelope: RequestEnvelope<GetRiskRulesRequest>,
  ): Promise<Reply<RiskRulesView>> {
    return this.queries.execute(new GetRiskRulesQuery(envelope.meta, envelope.data));
  }
}
