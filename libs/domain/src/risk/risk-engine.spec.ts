import fc from 'fast-check';
import { Money } from '../money/money.value-object';
import { IpRange } from './ip-range.value-object';
import type { RiskCounterEntry } from './risk-counters';
import { InMemoryRiskCounters } from './risk-counters.test-fixtures';
import { evaluateRisk, riskFailureEntries } from './risk-engine';
import type { RiskPaymentFacts } from './risk-payment-facts';
import { RiskRuleSet } from './risk-rule-set';
import { isInWindow } from './sliding-window';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const TENANT = 'tenant-1';

function ruleSet(rules: unknown[], version = 3): RiskRuleSet {
  const set = RiskRuleSet.fromDocument({ rules }, version);
  if (!set.ok) throw new Error(set.error.message);
  return set.value;
}

function facts(
  overrides: Partial<Omit<RiskPaymentFacts, 'clientIp'>> & { clientIp?: string | null; minor?: bigint } = {},
) {
  const { minor = 10_000n, clientIp = '203.0.113.7', ...rest } = overrides;
  const amount = Money.of(minor, 'VND');
  if (!amount.ok) throw new Error('amount');
  return {
    tenantId: TENANT,
    paymentId: 'pay-new',
    amount: amount.value,
    customerRef: 'cust-1',
    clientIp: clientIp === null ? null : IpRange.parse(clientIp),
    sourceBoundedContext: 'billing',
    at: T0,
    ...rest,
  } satisfies RiskPaymentFacts;
}

function entry(kind: RiskCounterEntry['kind'], value: string, id: string, at: Date, quantity = 1n): RiskCounterEntry {
  return { kind, key: 'customerRef', value, id, at, quantity, ...(kind === 'AMOUNT' ? { currency: 'VND' } : {}) };
}

describe('evaluateRisk', () => {
  it('allows everything when the tenant has no rules, without reading a counter', async () => {
    const counters = new InMemoryRiskCounters();
    await expect(evaluateRisk(RiskRuleSet.NONE, facts(), counters)).resolves.toEqual({
      action: 'ALLOW',
      rulesHit: [],
      ruleSetVersion: 0,
    });
    expect(counters.reads).toBe(0);
  });

  it('lets the strictest action of the rules hit decide, naming every rule hit and the version', async () => {
    const set = ruleSet([
      { type: 'AMOUNT_LIMIT', max: 5_000, currency: 'VND', action: 'REVIEW' },
      { type: 'BLOCKLIST', key: 'clientIp', values: ['198.51.100.0/24'], action: 'BLOCK' },
      { type: 'BLOCKLIST', key: 'customerRef', values: ['cust-1'], action: 'BLOCK' },
      { type: 'AMOUNT_LIMIT', min: 1, currency: 'VND', action: 'ALLOW' },
    ]);
    const decision = await evaluateRisk(set, facts(), new InMemoryRiskCounters());
    expect(decision).toEqual({
      action: 'BLOCK',
      rulesHit: [
        { index: 0, type: 'AMOUNT_LIMIT', action: 'REVIEW' },
        { index: 2, type: 'BLOCKLIST', action: 'BLOCK' },
      ],
      ruleSetVersion: 3,
    });
  });

  it('takes the strictest action of any mix of hits, ALLOW when none', async () => {
    const actionArb = fc.constantFrom('ALLOW', 'REVIEW', 'BLOCK');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ action: actionArb, hit: fc.boolean() }), { maxLength: 8 }),
        async (rules) => {
          const set = ruleSet(
            rules.map(({ action, hit }) => ({
              type: 'BLOCKLIST',
              key: 'customerRef',
              values: [hit ? 'cust-1' : 'other'],
              action,
            })),
          );
          const decision = await evaluateRisk(set, facts(), new InMemoryRiskCounters());
          const hits = rules.filter((rule) => rule.hit).map((rule) => rule.action);
          const expected = hits.includes('BLOCK') ? 'BLOCK' : hits.includes('REVIEW') ? 'REVIEW' : 'ALLOW';
          expect(decision.action).toBe(expected);
          expect(decision.rulesHit).toHaveLength(hits.length);
        },
      ),
    );
  });

  it('holds AMOUNT_LIMIT bounds inclusive: min and max themselves pass, one unit beyond is hit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.bigInt({ min: 0n, max: 3n * 10n ** 12n }),
        async (min, span, amount) => {
          const max = min + span;
          const set = ruleSet([{ type: 'AMOUNT_LIMIT', min, max, currency: 'VND', action: 'BLOCK' }]);
          const counters = new InMemoryRiskCounters();
          const decide = async (minor: bigint) => (await evaluateRisk(set, facts({ minor }), counters)).action;
          await expect(decide(BigInt(min))).resolves.toBe('ALLOW');
          await expect(decide(BigInt(max))).resolves.toBe('ALLOW');
          await expect(decide(BigInt(min) - 1n)).resolves.toBe('BLOCK');
          await expect(decide(BigInt(max) + 1n)).resolves.toBe('BLOCK');
          const inside = amount >= BigInt(min) && amount <= BigInt(max);
          await expect(decide(amount)).resolves.toBe(inside ? 'ALLOW' : 'BLOCK');
        },
      ),
    );
  });

  it('looks at payments in the rule currency only', async () => {
    const set = ruleSet([{ type: 'AMOUNT_LIMIT', max: 100, currency: 'USD', action: 'BLOCK' }]);
    await expect(evaluateRisk(set, facts({ minor: 1_000n }), new InMemoryRiskCounters())).resolves.toMatchObject({
      action: 'ALLOW',
    });
  });

  it('holds a stored amount rule without a currency to its bounds in every currency', async () => {
    const stored = RiskRuleSet.fromDocument({ rules: [{ type: 'AMOUNT_LIMIT', max: 100, action: 'BLOCK' }] }, 1, {
      legacyCurrencyOptional: true,
    });
    if (!stored.ok) throw new Error(stored.error.message);
    await expect(
      evaluateRisk(stored.value, facts({ minor: 1_000n }), new InMemoryRiskCounters()),
    ).resolves.toMatchObject({ action: 'BLOCK' });
  });

  it('counts an admitted payment in its windows and leaves a refused one out', async () => {
    const counters = new InMemoryRiskCounters();
    const set = ruleSet([
      { type: 'VELOCITY', key: 'customerRef', limit: 2, windowSeconds: 60, action: 'BLOCK' },
      { type: 'DAILY_AMOUNT', key: 'customerRef', max: 1_000_000, currency: 'VND', action: 'REVIEW' },
      { type: 'BLOCKLIST', key: 'clientIp', values: ['198.51.100.0/24'], action: 'BLOCK' },
    ]);
    const decide = async (paymentId: string, clientIp = '203.0.113.7') =>
      (await evaluateRisk(set, facts({ paymentId, clientIp }), counters)).action;
    await expect(decide('listed', '198.51.100.9')).resolves.toBe('BLOCK');
    await expect(decide('a')).resolves.toBe('ALLOW');
    await expect(decide('b')).resolves.toBe('ALLOW');
    await expect(decide('c')).resolves.toBe('BLOCK');
    await expect(decide('d')).resolves.toBe('BLOCK');
    expect(counters.entries.map(({ entry }) => `${entry.kind}:${entry.id}`)).toEqual([
      'PAYMENTS:a',
      'AMOUNT:a',
      'PAYMENTS:b',
      'AMOUNT:b',
    ]);
  });

  it('lists a failure entry for each key a payment has', () => {
    expect(riskFailureEntries(facts({ clientIp: null })).map((entry) => [entry.kind, entry.key, entry.value])).toEqual([
      ['FAILURES', 'customerRef', 'cust-1'],
      ['FAILURES', 'sourceBoundedContext', 'billing'],
    ]);
  });

  it('hits VELOCITY when the payments already in the window reach the limit (the sixth of 5 a minute)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.array(fc.integer({ min: -10, max: 4000 * 1000 }), { maxLength: 40 }),
        async (limit, windowSeconds, agesMs) => {
          const counters = new InMemoryRiskCounters();
          const at = agesMs.map((age) => new Date(T0.getTime() - age));
          await counters.record(
            TENANT,
            at.map((when, i) => ({ ...entry('PAYMENTS', 'cust-1', `p${i}`, when), key: 'customerRef' })),
          );
          const set = ruleSet([{ type: 'VELOCITY', key: 'customerRef', limit, windowSeconds, action: 'BLOCK' }]);
          const inWindow = at.filter((when) => isInWindow(when, T0, windowSeconds)).length;
          const decision = await evaluateRisk(set, facts(), counters);
          expect(decision.action).toBe(inWindow >= limit ? 'BLOCK' : 'ALLOW');
          const other = await evaluateRisk(set, facts({ customerRef: 'cust-2' }), counters);
          expect(other.action).toBe('ALLOW');
        },
      ),
    );
  });

  it('counts an entry exactly windowSeconds old out and one recorded now in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86_400 }), (windowSeconds) => {
        const ms = windowSeconds * 1000;
        expect(isInWindow(T0, T0, windowSeconds)).toBe(true);
        expect(isInWindow(new Date(T0.getTime() - ms + 1), T0, windowSeconds)).toBe(true);
        expect(isInWindow(new Date(T0.getTime() - ms), T0, windowSeconds)).toBe(false);
        expect(isInWindow(new Date(T0.getTime() + 1), T0, windowSeconds)).toBe(false);
      }),
    );
  });

  it('hits FAILED_VELOCITY on failures only, per key value', async () => {
    const counters = new InMemoryRiskCounters();
    const set = ruleSet([
      { type: 'FAILED_VELOCITY', key: 'customerRef', limit: 2, windowSeconds: 600, action: 'REVIEW' },
    ]);
    await counters.record(TENANT, [entry('PAYMENTS', 'cust-1', 'a', T0), entry('PAYMENTS', 'cust-1', 'b', T0)]);
    await expect(evaluateRisk(set, facts(), counters)).resolves.toMatchObject({ action: 'ALLOW' });
    await counters.record(TENANT, [entry('FAILURES', 'cust-1', 'a', T0), entry('FAILURES', 'cust-1', 'b', T0)]);
    await expect(evaluateRisk(set, facts(), counters)).resolves.toMatchObject({ action: 'REVIEW' });
  });

  it('hits DAILY_AMOUNT when the last 24 hours with this payment exceed max; reaching max exactly passes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ minor: fc.bigInt({ min: 1n, max: 10n ** 9n }), hoursAgo: fc.integer({ min: 0, max: 30 }) }),
          {
            maxLength: 10,
          },
        ),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        async (earlier, minor) => {
          const counters = new InMemoryRiskCounters();
          await counters.record(
            TENANT,
            earlier.map((payment, i) =>
              entry('AMOUNT', 'cust-1', `p${i}`, new Date(T0.getTime() - payment.hoursAgo * 3_600_000), payment.minor),
            ),
          );
          const spent = earlier
            .filter((payment) => payment.hoursAgo < 24)
            .reduce((sum, payment) => sum + payment.minor, 0n);
          const exact = ruleSet([
            { type: 'DAILY_AMOUNT', key: 'customerRef', max: Number(spent + minor), currency: 'VND', action: 'REVIEW' },
          ]);
          await expect(evaluateRisk(exact, facts({ minor }), counters)).resolves.toMatchObject({ action: 'ALLOW' });
          const tighter = ruleSet([
            {
              type: 'DAILY_AMOUNT',
              key: 'customerRef',
              max: Number(spent + minor - 1n),
              currency: 'VND',
              action: 'REVIEW',
            },
          ]);
          await expect(evaluateRisk(tighter, facts({ minor }), counters)).resolves.toMatchObject({ action: 'REVIEW' });
        },
      ),
    );
  });

  it('blocks a listed address or any address of a listed block, of either family', async () => {
    const set = ruleSet([
      {
        type: 'BLOCKLIST',
        key: 'clientIp',
        values: ['203.0.113.7', '198.51.100.0/24', '2001:db8::/48'],
        action: 'BLOCK',
      },
    ]);
    const decide = async (clientIp: string | null) =>
      (await evaluateRisk(set, facts({ clientIp }), new InMemoryRiskCounters())).action;
    await expect(decide('203.0.113.7')).resolves.toBe('BLOCK');
    await expect(decide('203.0.113.8')).resolves.toBe('ALLOW');
    await expect(decide('198.51.100.255')).resolves.toBe('BLOCK');
    await expect(decide('::ffff:198.51.100.1')).resolves.toBe('BLOCK');
    await expect(decide('2001:db8:0:ffff::1')).resolves.toBe('BLOCK');
    await expect(decide('2001:db8:1::1')).resolves.toBe('ALLOW');
    await expect(decide(null)).resolves.toBe('ALLOW');
  });

  it('hits an ALLOWLIST for the values it does not list, and an allowlisted value is still held to the other rules', async () => {
    const set = ruleSet([
      { type: 'ALLOWLIST', key: 'sourceBoundedContext', values: ['billing'], action: 'BLOCK' },
      { type: 'AMOUNT_LIMIT', max: 5_000, currency: 'VND', action: 'REVIEW' },
    ]);
    const counters = new InMemoryRiskCounters();
    await expect(evaluateRisk(set, facts({ minor: 1_000n }), counters)).resolves.toMatchObject({ action: 'ALLOW' });
    await expect(evaluateRisk(set, facts({ minor: 9_000n }), counters)).resolves.toMatchObject({ action: 'REVIEW' });
    await expect(
      evaluateRisk(set, facts({ minor: 1_000n, sourceBoundedContext: 'shop' }), counters),
    ).resolves.toMatchObject({ action: 'BLOCK' });
    const byCustomer = ruleSet([{ type: 'ALLOWLIST', key: 'customerRef', values: ['cust-1'], action: 'REVIEW' }]);
    await expect(evaluateRisk(byCustomer, facts({ customerRef: null }), counters)).resolves.toMatchObject({
      action: 'REVIEW',
    });
  });

  it('reads the counters once for all the windows of a rule set', async () => {
    const counters = new InMemoryRiskCounters();
    const set = ruleSet([
      { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 60, action: 'BLOCK' },
      { type: 'VELOCITY', key: 'clientIp', limit: 5, windowSeconds: 60, action: 'BLOCK' },
      { type: 'DAILY_AMOUNT', key: 'customerRef', max: 100, currency: 'VND', action: 'REVIEW' },
      { type: 'FAILED_VELOCITY', key: 'clientIp', limit: 3, windowSeconds: 600, action: 'REVIEW' },
    ]);
    await evaluateRisk(set, facts(), counters);
    expect(counters.reads).toBe(1);
  });
});
