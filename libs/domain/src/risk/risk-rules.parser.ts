import { isCurrency, type Currency } from '../money/currency';
import type { DomainError } from '../shared/domain-error';
import { validationError } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { IpRange } from './ip-range.value-object';
import { RISK_ACTIONS, RISK_KEYS, RISK_RULE_TYPES, type RiskAction, type RiskKey, type RiskRule } from './risk-rule';
import { MAX_RISK_COUNTER_ENTRIES, MAX_RISK_WINDOW_SECONDS } from './sliding-window';

/** Most rules one rule set holds: each costs a counter read on every payment. */
export const MAX_RISK_RULES = 50;
/** Most values one BLOCKLIST or ALLOWLIST holds. */
export const MAX_RISK_LIST_VALUES = 1000;
/** Longest value of a list (a `customerRef` is at most this long too). */
export const MAX_RISK_VALUE_LENGTH = 128;

type Fields = Readonly<Record<string, unknown>>;

const FIELDS_BY_TYPE: Readonly<Record<RiskRule['type'], readonly string[]>> = {
  AMOUNT_LIMIT: ['type', 'action', 'min', 'max', 'currency'],
  VELOCITY: ['type', 'action', 'key', 'limit', 'windowSeconds'],
  FAILED_VELOCITY: ['type', 'action', 'key', 'limit', 'windowSeconds'],
  DAILY_AMOUNT: ['type', 'action', 'key', 'max', 'currency'],
  BLOCKLIST: ['type', 'action', 'key', 'values'],
  ALLOWLIST: ['type', 'action', 'key', 'values'],
};

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** A refusal naming the field by its place in the document (`rules[2].windowSeconds`). */
function invalid(field: string, message: string): DomainError {
  return validationError(field, `${field} ${message}`);
}

function readAction(fields: Fields, path: string): Result<RiskAction> {
  return oneOf(RISK_ACTIONS, fields.action)
    ? success(fields.action)
    : failure(invalid(`${path}.action`, `must be one of ${RISK_ACTIONS.join(', ')}`));
}

function readKey(fields: Fields, path: string): Result<RiskKey> {
  return oneOf(RISK_KEYS, fields.key)
    ? success(fields.key)
    : failure(invalid(`${path}.key`, `must be one of ${RISK_KEYS.join(', ')}`));
}

/** A whole number in [min, max], or undefined when absent and `optional`. */
function readInteger(
  fields: Fields,
  path: string,
  field: string,
  [min, max]: readonly [number, number],
  optional = false,
): Result<number | undefined> {
  const value = fields[field];
  if (value === undefined && optional) return success(undefined);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
    ? success(value)
    : failure(invalid(`${path}.${field}`, `must be a whole number from ${min} to ${max}`));
}

/** How a document is read: as a tenant writes it now, or as a row stored before amount rules named a currency. */
export interface RiskRulesReading {
  /**
   * Accept amount rules without a currency. Only for rule sets stored before the currency was required: their
   * rules keep the meaning they were written with (the same minor units in every currency).
   */
  readonly legacyCurrencyOptional?: boolean;
}

function readCurrency(fields: Fields, path: string, reading: RiskRulesReading): Result<Currency | undefined> {
  const currency = fields.currency;
  if (currency === undefined && reading.legacyCurrencyOptional) return success(undefined);
  return typeof currency === 'string' && isCurrency(currency)
    ? success(currency)
    : failure(invalid(`${path}.currency`, 'must be a currency PPM accepts: amounts are minor units of one currency'));
}

function readValues(fields: Fields, path: string, key: RiskKey): Result<readonly string[]> {
  const values: unknown = fields.values;
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_RISK_LIST_VALUES) {
    return failure(invalid(`${path}.values`, `must be a list of 1 to ${MAX_RISK_LIST_VALUES} values`));
  }
  const read: string[] = [];
  for (const [index, value] of (values as unknown[]).entries()) {
    const field = `${path}.values[${index}]`;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RISK_VALUE_LENGTH) {
      return failure(invalid(field, `must be a string of 1 to ${MAX_RISK_VALUE_LENGTH} characters`));
    }
    if (key === 'clientIp' && IpRange.parse(value) === null) {
      return failure(invalid(field, 'must be an IPv4 or IPv6 address or CIDR block'));
    }
    read.push(value);
  }
  return success(read);
}

const AMOUNT_RANGE = [0, Number.MAX_SAFE_INTEGER] as const;
const LIMIT_RANGE = [1, MAX_RISK_COUNTER_ENTRIES] as const;
const WINDOW_RANGE = [1, MAX_RISK_WINDOW_SECONDS] as const;

function readRule(fields: Fields, path: string, reading: RiskRulesReading): Result<RiskRule> {
  const type = fields.type;
  if (!oneOf(RISK_RULE_TYPES, type)) {
    return failure(invalid(`${path}.type`, `must be one of ${RISK_RULE_TYPES.join(', ')}`));
  }
  const unknown = Object.keys(fields).find((field) => !FIELDS_BY_TYPE[type].includes(field));
  if (unknown !== undefined) return failure(invalid(`${path}.${unknown}`, `is not a field of a ${type} rule`));
  const action = readAction(fields, path);
  if (!action.ok) return action;
  if (type === 'AMOUNT_LIMIT') {
    const min = readInteger(fields, path, 'min', AMOUNT_RANGE, true);
    if (!min.ok) return min;
    const max = readInteger(fields, path, 'max', AMOUNT_RANGE, true);
    if (!max.ok) return max;
    const currency = readCurrency(fields, path, reading);
    if (!currency.ok) return currency;
    if (min.value === undefined && max.value === undefined) {
      return failure(invalid(path, 'needs a min, a max or both'));
    }
    if (min.value !== undefined && max.value !== undefined && min.value > max.value) {
      return failure(invalid(`${path}.min`, 'must not exceed max'));
    }
    return success({ type, action: action.value, min: min.value, max: max.value, currency: currency.value });
  }
  const key = readKey(fields, path);
  if (!key.ok) return key;
  switch (type) {
    case 'VELOCITY':
    case 'FAILED_VELOCITY': {
      const limit = readInteger(fields, path, 'limit', LIMIT_RANGE);
      if (!limit.ok) return limit;
      const windowSeconds = readInteger(fields, path, 'windowSeconds', WINDOW_RANGE);
      if (!windowSeconds.ok) return windowSeconds;
      return success({
        type,
        action: action.value,
        key: key.value,
        limit: limit.value as number,
        windowSeconds: windowSeconds.value as number,
      });
    }
    case 'DAILY_AMOUNT': {
      const max = readInteger(fields, path, 'max', AMOUNT_RANGE);
      if (!max.ok) return max;
      const currency = readCurrency(fields, path, reading);
      if (!currency.ok) return currency;
      return success({
        type,
        action: action.value,
        key: key.value,
        max: max.value as number,
        currency: currency.value,
      });
    }
    case 'BLOCKLIST':
    case 'ALLOWLIST': {
      const values = readValues(fields, path, key.value);
      if (!values.ok) return values;
      return success({ type, action: action.value, key: key.value, values: values.value });
    }
  }
}

/**
 * Reads a rule-set document, `{ "rules": [ … ], "whenCountersUnavailable": "ALLOW" | "REVIEW" }` (the latter
 * optional), as a tenant writes it, and returns its rules: every rule of a known type with exactly
 * its fields, amounts in minor units as whole JSON numbers, windows of 1 s to 24 h, at most `MAX_RISK_RULES`
 * rules; amount rules (AMOUNT_LIMIT, DAILY_AMOUNT) name their `currency`. The first problem found is refused with
 * VALIDATION_ERROR naming the field (`rules[1].limit`). Optional fields left out stay out of the rules, so a
 * document read back equals the one written.
 */
export function parseRiskRules(document: unknown, reading: RiskRulesReading = {}): Result<readonly RiskRule[]> {
  if (!isFields(document)) return failure(invalid('document', 'must be an object with a rules list'));
  const extra = Object.keys(document).find((field) => field !== 'rules' && field !== 'whenCountersUnavailable');
  if (extra !== undefined) return failure(invalid(extra, 'is not a field of a rule set'));
  const when = document.whenCountersUnavailable;
  if (when !== undefined && when !== 'ALLOW' && when !== 'REVIEW') {
    return failure(invalid('whenCountersUnavailable', 'must be ALLOW or REVIEW'));
  }
  const rules: unknown = document.rules;
  if (!Array.isArray(rules) || rules.length > MAX_RISK_RULES) {
    return failure(invalid('rules', `must be a list of at most ${MAX_RISK_RULES} rules`));
  }
  const read: RiskRule[] = [];
  for (const [index, fields] of (rules as unknown[]).entries()) {
    const path = `rules[${index}]`;
    if (!isFields(fields)) return failure(invalid(path, 'must be an object'));
    const rule = readRule(fields, path, reading);
    if (!rule.ok) return rule;
    read.push(withoutAbsentFields(rule.value));
  }
  return success(read);
}

function withoutAbsentFields(rule: RiskRule): RiskRule {
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)) as unknown as RiskRule;
}
