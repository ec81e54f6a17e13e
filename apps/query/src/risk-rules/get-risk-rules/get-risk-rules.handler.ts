import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type RiskRulesView } from '@ppm/contracts';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { GetRiskRulesQuery } from './get-risk-rules.query';

const SELECT_CURRENT = `
  SELECT version, rules, when_counters_unavailable, created_at FROM risk_rule_sets
   WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`;

const SELECT_VERSION = `
  SELECT version, rules, when_counters_unavailable, created_at FROM risk_rule_sets
   WHERE tenant_id = $1 AND version = $2`;

interface RuleSetRow {
  version: number;
  rules: Record<string, unknown>[];
  when_counters_unavailable: string;
  created_at: Date;
}

// One small row read on an admin's request: not cached, so a change shows at once without an invalidation.
@QueryHandler(GetRiskRulesQuery)
export class GetRiskRulesHandler implements IQueryHandler<GetRiskRulesQuery> {
  constructor(private readonly db: ReadModelDatabase) {}

  async execute({ meta, data }: GetRiskRulesQuery): Promise<Reply<RiskRulesView>> {
    const [row] =
      data.version === undefined
        ? await this.db.read<RuleSetRow>(SELECT_CURRENT, [meta.tenantId])
        : await this.db.read<RuleSetRow>(SELECT_VERSION, [meta.tenantId, data.version]);
    if (row) {
      const { version, rules, when_counters_unavailable: whenCountersUnavailable } = row;
      return ok({ version, rules, whenCountersUnavailable, updatedAt: row.created_at.toISOString() });
    }
    if (data.version === undefined)
      return ok({ version: 0, rules: [], whenCountersUnavailable: 'ALLOW', updatedAt: null });
    return fail(ErrorCode.RISK_RULES_VERSION_NOT_FOUND, `The tenant has no risk rules version ${data.version}`);
  }
}
