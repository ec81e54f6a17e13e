import type { RiskRuleSet } from '../risk/risk-rule-set';
import type { RiskRulesUpdated } from '../risk/risk-rules.events';
import type { Result } from '../shared/result';
import type { EventContext } from './event-context';

/** Injection token of the `RiskRuleSetRepository` port. */
export const RISK_RULE_SETS = Symbol('RiskRuleSetRepository');

/** Each tenant's risk rule sets, one row per version, the newest in force. */
export interface RiskRuleSetRepository {
  /** The tenant's rule set in force; `RiskRuleSet.NONE` when it never wrote one. */
  findCurrent(tenantId: string): Promise<RiskRuleSet>;
  /**
   * Stores `ruleSet` as the tenant's next version with its event and audit record, in one transaction. Refused
   * with CONCURRENT_MODIFICATION when another write took that version first.
   */
  add(tenantId: string, ruleSet: RiskRuleSet, event: RiskRulesUpdated, context: EventContext): Promise<Result<void>>;
}
