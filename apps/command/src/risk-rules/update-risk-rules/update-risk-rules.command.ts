import type { Reply, RiskRulesView, UpdateRiskRulesRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Replaces a tenant's risk rules with the set given, as their next version. */
export class UpdateRiskRulesCommand extends IdempotentCommand<UpdateRiskRulesRequest, Reply<RiskRulesView>> {}
