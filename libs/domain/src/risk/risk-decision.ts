import type { RiskAction, RiskRuleType } from './risk-rule';

/** The strictness of each action: the strictest action of the rules hit decides. */
const STRICTNESS: Readonly<Record<RiskAction, number>> = { ALLOW: 0, REVIEW: 1, BLOCK: 2 };

/** The stricter of two actions. */
export function stricterAction(a: RiskAction, b: RiskAction): RiskAction {
  return STRICTNESS[b] > STRICTNESS[a] ? b : a;
}

/** A rule a payment hit: its place in the rule set, its type and what it asked for. */
export interface RiskRuleHit {
  readonly index: number;
  readonly type: RiskRuleType;
  readonly action: RiskAction;
}

/**
 * What the risk rules say about a payment: the strictest action of the rules hit (ALLOW when none is), the rules
 * hit in the order of the set, and the version of the set that decided, to store with the payment.
 */
export interface RiskDecision {
  readonly action: RiskAction;
  readonly rulesHit: readonly RiskRuleHit[];
  readonly ruleSetVersion: number;
}
