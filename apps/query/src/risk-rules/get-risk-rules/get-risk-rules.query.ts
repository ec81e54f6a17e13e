import { Query } from '@nestjs/cqrs';
import type { GetRiskRulesRequest, Reply, RequestMeta, RiskRulesView } from '@ppm/contracts';

/** Reads the tenant's risk rules in force. */
export class GetRiskRulesQuery extends Query<Reply<RiskRulesView>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: GetRiskRulesRequest,
  ) {
    super();
  }
}
