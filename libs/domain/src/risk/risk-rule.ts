import type { Currency } from '../money/currency';

/** What a rule asks for when it is hit, from the mildest to the strictest. */
export const RISK_ACTIONS = ['ALLOW', 'REVIEW', 'BLOCK'] as const;

/** ALLOW lets a payment through (a hit is only recorded), REVIEW holds it for an operator, BLOCK refuses it. */
export type RiskAction = (typeof RISK_ACTIONS)[number];

/** The payment facts a keyed rule can look at. */
export const RISK_KEYS = ['customerRef', 'clientIp', 'sourceBoundedContext'] as const;

/** One of the payment facts a keyed rule looks at. */
export type RiskKey = (typeof RISK_KEYS)[number];

/** The kinds of rule a rule set may hold. */
export const RISK_RULE_TYPES = [
  'AMOUNT_LIMIT',
  'VELOCITY',
  'DAILY_AMOUNT',
  'FAILED_VELOCITY',
  'BLOCKLIST',
  'ALLOWLIST',
] as const;

/** One of the kinds of rule. */
export type RiskRuleType = (typeof RISK_RULE_TYPES)[number];

/**
 * Hit when the payment's amount is below `min` or above `max` (both inclusive bounds: an amount equal to `max` is
 * allowed). Amounts are minor units of `currency`, and the rule looks only at payments in it. A rule set stored
 * before the currency was required may lack it: such a rule applies its bounds to every currency.
 */
export interface AmountLimitRule {
  readonly type: 'AMOUNT_LIMIT';
  readonly min?: number;
  readonly max?: number;
  readonly currency?: Currency;
  readonly action: RiskAction;
}

/**
 * VELOCITY: hit when `limit` payments with the same key value were already opened in the last `windowSeconds`, so
 * the payment would be one more than allowed (with 5 a minute, the sixth is hit). FAILED_VELOCITY: hit when `limit`
 * payments with the same key value were already refused by the risk rules in the window (what `riskFailureEntries`
 * counts; a payment declined at its gateway is not counted).
 */
export interface VelocityRule {
  readonly type: 'VELOCITY' | 'FAILED_VELOCITY';
  readonly key: RiskKey;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly action: RiskAction;
}

/**
 * Hit when the amounts of the key value's payments over the last 24 hours (a sliding window, not a calendar day),
 * this one included, exceed `max` (inclusive: reaching `max` exactly is allowed). The rule sums and looks at
 * payments in its `currency` only; one stored before the currency was required sums each currency on its own.
 */
export interface DailyAmountRule {
  readonly type: 'DAILY_AMOUNT';
  readonly key: RiskKey;
  readonly max: number;
  readonly currency?: Currency;
  readonly action: RiskAction;
}

/**
 * BLOCKLIST: hit when the payment's key value is listed. ALLOWLIST: hit when it is not (or the payment has none),
 * so an allowlist is "only these may pay" and its action says what happens to the others. On `clientIp` the
 * values are addresses or CIDR blocks of either family.
 */
export interface ListRule {
  readonly type: 'BLOCKLIST' | 'ALLOWLIST';
  readonly key: RiskKey;
  readonly values: readonly string[];
  readonly action: RiskAction;
}

/** One rule of a tenant's rule set, as written in its document. */
export type RiskRule = AmountLimitRule | VelocityRule | DailyAmountRule | ListRule;

/** The length of DAILY_AMOUNT's sliding window. */
export const DAILY_WINDOW_SECONDS = 24 * 60 * 60;
