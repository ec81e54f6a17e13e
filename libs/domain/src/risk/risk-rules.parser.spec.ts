import { RiskRuleSet } from './risk-rule-set';
import { parseRiskRules } from './risk-rules.parser';

const ISSUE_EXAMPLE = {
  rules: [
    { type: 'AMOUNT_LIMIT', max: 50000000, currency: 'VND', action: 'BLOCK' },
    { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 60, action: 'BLOCK' },
    { type: 'BLOCKLIST', key: 'clientIp', values: ['203.0.113.7', '198.51.100.0/24'], action: 'BLOCK' },
    { type: 'DAILY_AMOUNT', key: 'customerRef', max: 100000000, currency: 'VND', action: 'REVIEW' },
    { type: 'FAILED_VELOCITY', key: 'clientIp', limit: 3, windowSeconds: 600, action: 'REVIEW' },
  ],
};

function refusal(document: unknown): { field: unknown; message: string } {
  const result = parseRiskRules(document);
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.code).toBe('VALIDATION_ERROR');
  return { field: result.error.details?.field, message: result.error.message };
}

describe('parseRiskRules', () => {
  it('reads a document back as it was written', () => {
    const set = RiskRuleSet.fromDocument(ISSUE_EXAMPLE, 1);
    expect(set.ok && { rules: set.value.rules }).toEqual(ISSUE_EXAMPLE);
    expect(parseRiskRules({ rules: [] })).toEqual({ ok: true, value: [] });
  });

  it.each([
    [null, 'document'],
    [{ rules: {} }, 'rules'],
    [{ rules: [], extra: 1 }, 'extra'],
    [{ rules: [], whenCountersUnavailable: 'BLOCK' }, 'whenCountersUnavailable'],
    [{ rules: [{ type: 'GEO', action: 'BLOCK' }] }, 'rules[0].type'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', max: 1, action: 'DENY' }] }, 'rules[0].action'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', currency: 'VND', action: 'BLOCK' }] }, 'rules[0]'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', min: 5, max: 4, currency: 'VND', action: 'BLOCK' }] }, 'rules[0].min'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', max: 1.5, currency: 'VND', action: 'BLOCK' }] }, 'rules[0].max'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', max: '100', currency: 'VND', action: 'BLOCK' }] }, 'rules[0].max'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', max: 1, currency: 'XXX', action: 'BLOCK' }] }, 'rules[0].currency'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', max: 1, action: 'BLOCK' }] }, 'rules[0].currency'],
    [{ rules: [{ type: 'DAILY_AMOUNT', key: 'customerRef', max: 1, action: 'REVIEW' }] }, 'rules[0].currency'],
    [{ rules: [{ type: 'AMOUNT_LIMIT', max: 1, currency: 'VND', key: 'clientIp', action: 'BLOCK' }] }, 'rules[0].key'],
    [{ rules: [{ type: 'VELOCITY', key: 'email', limit: 1, windowSeconds: 1, action: 'BLOCK' }] }, 'rules[0].key'],
    [{ rules: [{ type: 'VELOCITY', key: 'clientIp', limit: 0, windowSeconds: 1, action: 'BLOCK' }] }, 'rules[0].limit'],
    [
      { rules: [{ type: 'VELOCITY', key: 'clientIp', limit: 1, windowSeconds: 86_401, action: 'BLOCK' }] },
      'rules[0].windowSeconds',
    ],
    [{ rules: [{ type: 'BLOCKLIST', key: 'clientIp', values: [], action: 'BLOCK' }] }, 'rules[0].values'],
    [
      { rules: [{ type: 'BLOCKLIST', key: 'clientIp', values: ['10.0.0.0/33'], action: 'BLOCK' }] },
      'rules[0].values[0]',
    ],
    [{ rules: [{ type: 'ALLOWLIST', key: 'customerRef', values: ['a', 7], action: 'BLOCK' }] }, 'rules[0].values[1]'],
  ])('refuses %j naming %s', (document, field) => {
    const refused = refusal(document);
    expect(refused.field).toBe(field);
    expect(refused.message.startsWith(field)).toBe(true);
  });

  it('reads amount rules without a currency only from a rule set stored before it was required', () => {
    const legacy = { rules: [{ type: 'DAILY_AMOUNT', key: 'customerRef', max: 1, action: 'REVIEW' }] };
    expect(parseRiskRules(legacy, { legacyCurrencyOptional: true })).toEqual({ ok: true, value: legacy.rules });
  });

  it('reads the choice for a counters outage, ALLOW when the document has none', () => {
    const closed = RiskRuleSet.fromDocument({ rules: [], whenCountersUnavailable: 'REVIEW' }, 2);
    expect(closed.ok && closed.value.whenCountersUnavailable).toBe('REVIEW');
    const open = RiskRuleSet.fromDocument({ rules: [] }, 2);
    expect(open.ok && open.value.whenCountersUnavailable).toBe('ALLOW');
  });

  it('refuses more rules than a set may hold', () => {
    const rules = Array.from({ length: 51 }, () => ({
      type: 'AMOUNT_LIMIT',
      max: 1,
      currency: 'VND',
      action: 'BLOCK',
    }));
    expect(refusal({ rules }).field).toBe('rules');
  });

  it('takes amounts up to the largest safe integer and windows up to a day', () => {
    const result = parseRiskRules({
      rules: [
        { type: 'AMOUNT_LIMIT', min: 0, max: Number.MAX_SAFE_INTEGER, currency: 'VND', action: 'BLOCK' },
        { type: 'VELOCITY', key: 'sourceBoundedContext', limit: 1, windowSeconds: 86_400, action: 'ALLOW' },
      ],
    });
    expect(result.ok).toBe(true);
  });
});
