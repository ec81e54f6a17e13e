import { assertNever } from '../shared/assert-never';
import type { RiskCounterEntry, RiskCounters, RiskWindowCheck } from './risk-counters';
import { stricterAction, type RiskDecision, type RiskRuleHit } from './risk-decision';
import { riskKeyValue, type RiskPaymentFacts } from './risk-payment-facts';
import { DAILY_WINDOW_SECONDS, RISK_KEYS, type RiskAction, type RiskRule } from './risk-rule';
import type { RiskRuleSet } from './risk-rule-set';

/**
 * A rule decided from the payment alone, or one that waits for the total of a counter window (with the entry that
 * counts this payment in that window, when it is admitted).
 */
type RuleCheck =
  { readonly hit: boolean } | { readonly window: RiskWindowCheck; readonly counts: RiskCounterEntry | null };

function checkRule(ruleSet: RiskRuleSet, index: number, rule: RiskRule, facts: RiskPaymentFacts): RuleCheck {
  const amount = facts.amount.minorUnits;
  const refuses = rule.action === 'BLOCK';
  switch (rule.type) {
    case 'AMOUNT_LIMIT': {
      if (rule.currency !== undefined && rule.currency !== facts.amount.currency) return { hit: false };
      const belowMin = rule.min !== undefined && amount < BigInt(rule.min);
      const aboveMax = rule.max !== undefined && amount > BigInt(rule.max);
      return { hit: belowMin || aboveMax };
    }
    case 'BLOCKLIST':
    case 'ALLOWLIST': {
      const value = rule.key === 'clientIp' ? facts.clientIp : riskKeyValue(facts, rule.key);
      const listed = value !== null && ruleSet.isListed(index, value);
      return { hit: rule.type === 'BLOCKLIST' ? listed : !listed };
    }
    case 'VELOCITY':
    case 'FAILED_VELOCITY': {
      const value = riskKeyValue(facts, rule.key);
      if (value === null) return { hit: false };
      const counter = {
        kind: rule.type === 'VELOCITY' ? ('PAYMENTS' as const) : ('FAILURES' as const),
        key: rule.key,
        value,
      };
      return {
        window: { ...counter, windowSeconds: rule.windowSeconds, hitFrom: BigInt(rule.limit), refuses },
        // Failures are counted when they happen, not when a payment is admitted.
        counts: rule.type === 'VELOCITY' ? { ...counter, id: facts.paymentId, quantity: 1n, at: facts.at } : null,
      };
    }
    case 'DAILY_AMOUNT': {
      const value = riskKeyValue(facts, rule.key);
      const currency = facts.amount.currency;
      if (value === null || (rule.currency !== undefined && rule.currency !== currency)) return { hit: false };
      const counter = { kind: 'AMOUNT' as const, key: rule.key, value, currency };
      return {
        // Hit when total + amount > max, that is total ≥ max − amount + 1.
        window: { ...counter, windowSeconds: DAILY_WINDOW_SECONDS, hitFrom: BigInt(rule.max) - amount + 1n, refuses },
        counts: { ...counter, id: facts.paymentId, quantity: amount, at: facts.at },
      };
    }
    default:
      return assertNever(rule, 'risk rule');
  }
}

/**
 * Decides what happens to a payment under a tenant's rule set: every rule is checked, the counters are read and
 * the payment counted in one atomic step for all the windows the rules need, and the strictest action of the rules
 * hit wins (BLOCK over REVIEW over ALLOW; a payment that hits nothing is allowed). A payment that is refused is not
 * counted in the windows of the payments opened (the caller counts it as a failure). An ALLOWLIST is no exemption
 * from the other rules: it is hit by the values it does not list, and then combines like any rule, so an
 * allowlisted customer is still held to its limits. A keyed rule other than ALLOWLIST does not apply to a payment
 * without that key (no `customerRef`, no `clientIp`).
 */
export async function evaluateRisk(
  ruleSet: RiskRuleSet,
  facts: RiskPaymentFacts,
  counters: RiskCounters,
): Promise<RiskDecision> {
  const checks = ruleSet.rules.map((rule, index) => checkRule(ruleSet, index, rule, facts));
  const windowed = checks.flatMap((check) => ('window' in check ? [check] : []));
  const refusedAlready = checks.some((check, i) => 'hit' in check && check.hit && ruleSet.rules[i].action === 'BLOCK');
  const entries = refusedAlready ? [] : windowed.flatMap((check) => (check.counts === null ? [] : [check.counts]));
  const { totals } =
    windowed.length === 0
      ? { totals: [] }
      : await counters.admit(
          facts.tenantId,
          windowed.map((check) => check.window),
          entries,
          facts.at,
        );
  let nextTotal = 0;
  const rulesHit: RiskRuleHit[] = [];
  for (const [index, check] of checks.entries()) {
    const hit = 'window' in check ? (totals[nextTotal++] ?? 0n) >= check.window.hitFrom : check.hit;
    if (hit) rulesHit.push({ index, type: ruleSet.rules[index].type, action: ruleSet.rules[index].action });
  }
  return {
    action: rulesHit.reduce<RiskAction>((action, hit) => stricterAction(action, hit.action), 'ALLOW'),
    rulesHit,
    ruleSetVersion: ruleSet.version,
  };
}

/**
 * The entries that count a refused or failed payment in the FAILED_VELOCITY windows of each key it has, whatever
 * rules are in force now, so a rule added later sees the failures before it.
 */
export function riskFailureEntries(facts: RiskPaymentFacts): readonly RiskCounterEntry[] {
  return RISK_KEYS.flatMap((key) => {
    const value = riskKeyValue(facts, key);
    return value === null
      ? []
      : [{ kind: 'FAILURES' as const, key, value, id: facts.paymentId, quantity: 1n, at: facts.at }];
  });
}
