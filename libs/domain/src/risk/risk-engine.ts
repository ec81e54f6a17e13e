import { assertNever } from '../shared/assert-never';
import type { RiskCounters, RiskWindowReading } from './risk-counters';
import { stricterAction, type RiskDecision, type RiskRuleHit } from './risk-decision';
import { riskKeyValue, type RiskPaymentFacts } from './risk-payment-facts';
import { DAILY_WINDOW_SECONDS, type RiskAction, type RiskRule } from './risk-rule';
import type { RiskRuleSet } from './risk-rule-set';

/** A rule decided from the payment alone, or one that waits for the total of a counter window. */
type RuleCheck =
  { readonly hit: boolean } | { readonly reading: RiskWindowReading; readonly hitAt: (total: bigint) => boolean };

function checkRule(ruleSet: RiskRuleSet, index: number, rule: RiskRule, facts: RiskPaymentFacts): RuleCheck {
  const amount = facts.amount.minorUnits;
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
      const kind = rule.type === 'VELOCITY' ? 'PAYMENTS' : 'FAILURES';
      return {
        reading: { kind, key: rule.key, value, windowSeconds: rule.windowSeconds },
        hitAt: (total) => total >= BigInt(rule.limit),
      };
    }
    case 'DAILY_AMOUNT': {
      const value = riskKeyValue(facts, rule.key);
      const currency = facts.amount.currency;
      if (value === null || (rule.currency !== undefined && rule.currency !== currency)) return { hit: false };
      return {
        reading: { kind: 'AMOUNT', key: rule.key, value, currency, windowSeconds: DAILY_WINDOW_SECONDS },
        hitAt: (total) => total + amount > BigInt(rule.max),
      };
    }
    default:
      return assertNever(rule, 'risk rule');
  }
}

/**
 * Decides what happens to a payment under a tenant's rule set: every rule is checked, the counters are read once
 * for all the windows the rules need, and the strictest action of the rules hit wins (BLOCK over REVIEW over
 * ALLOW; a payment that hits nothing is allowed). An ALLOWLIST is no exemption from the other rules: it is hit by
 * the values it does not list, and then combines like any rule, so an allowlisted customer is still held to its
 * limits. A keyed rule other than ALLOWLIST does not apply to a payment without that key (no `customerRef`, no
 * `clientIp`).
 */
export async function evaluateRisk(
  ruleSet: RiskRuleSet,
  facts: RiskPaymentFacts,
  counters: RiskCounters,
): Promise<RiskDecision> {
  const checks = ruleSet.rules.map((rule, index) => checkRule(ruleSet, index, rule, facts));
  const readings = checks.flatMap((check) => ('reading' in check ? [check.reading] : []));
  const totals = readings.length === 0 ? [] : await counters.totals(facts.tenantId, readings, facts.at);
  let nextTotal = 0;
  const rulesHit: RiskRuleHit[] = [];
  for (const [index, check] of checks.entries()) {
    const hit = 'reading' in check ? check.hitAt(totals[nextTotal++] ?? 0n) : check.hit;
    if (hit) rulesHit.push({ index, type: ruleSet.rules[index].type, action: ruleSet.rules[index].action });
  }
  return {
    action: rulesHit.reduce<RiskAction>((action, hit) => stricterAction(action, hit.action), 'ALLOW'),
    rulesHit,
    ruleSetVersion: ruleSet.version,
  };
}
