import { RiskCountersUnavailableError } from '@ppm/cache';
import type { ProcessPaymentRequest } from '@ppm/contracts';
import {
  Money,
  RiskRuleSet,
  type PaymentRiskBlocked,
  type RiskCounters,
  type RiskDecisionRecord,
  type RiskDecisionRepository,
  type RiskRuleSetRepository,
} from '@ppm/domain';
import { MetricsRegistry } from '@ppm/observability';
import { Clock } from '../../shared/clock';
import { IdGenerator } from '../../shared/id-generator';
import { RiskGate, type RiskGateRequest } from './risk-gate';
import { RiskMetrics } from './risk-metrics';
import { RiskRuleSetCache } from './risk-rule-set-cache';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const RULES = [
  { type: 'BLOCKLIST', key: 'clientIp', values: ['198.51.100.0/24'], action: 'BLOCK' },
  { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 60, action: 'BLOCK' },
];

// Counters whose Redis is down: every read and record fails as RedisRiskCounters does.
const DOWN: RiskCounters = {
  admit: () => Promise.reject(new RiskCountersUnavailableError(new Error('connection refused'))),
  record: () => Promise.reject(new RiskCountersUnavailableError(new Error('connection refused'))),
};

function gateWith(whenCountersUnavailable: string) {
  const set = RiskRuleSet.fromDocument({ rules: RULES, whenCountersUnavailable }, 4);
  if (!set.ok) throw new Error(set.error.message);
  const ruleSets = { findCurrent: () => Promise.resolve(set.value) } as unknown as RiskRuleSetRepository;
  const blocked: { record: RiskDecisionRecord; event: PaymentRiskBlocked }[] = [];
  const decisions = {
    addBlocked: (record: RiskDecisionRecord, event: PaymentRiskBlocked) => {
      blocked.push({ record, event });
      return Promise.resolve(true);
    },
  } as unknown as RiskDecisionRepository;
  const registry = new MetricsRegistry('command-test');
  const cache = new RiskRuleSetCache(ruleSets, { maxEntries: 1, ttlMs: 1_000 }, new Clock());
  const gate = new RiskGate(cache, DOWN, decisions, new IdGenerator(), new RiskMetrics(registry));
  return { gate, blocked, registry };
}

function request(clientIp: string): RiskGateRequest {
  const amount = Money.of(10_000n, 'VND');
  if (!amount.ok) throw new Error('amount');
  const data = { sourceBoundedContext: 'orders', sourceTransactionId: 'o-1', customerRef: 'c-1', clientIp };
  return {
    tenantId: 'tenant-1',
    countedAs: 'pay-1',
    claimedKey: null,
    amount: amount.value,
    data: data as ProcessPaymentRequest,
    now: NOW,
    context: { traceId: 't', correlationId: 't', causationId: null },
  };
}

describe('RiskGate when the counters cannot be read', () => {
  it('fails open by default: the payment passes, flagged, and the outage is counted', async () => {
    const { gate, registry } = gateWith('ALLOW');

    const result = await gate.check(request('203.0.113.7'));

    expect(result).toMatchObject({
      kind: 'admitted',
      verdict: { decision: { action: 'ALLOW', rulesHit: [], ruleSetVersion: 4 }, countersUnavailable: true },
    });
    const metrics = await registry.getMetricsAsJSON();
    const unavailable = metrics.find((metric) => metric.name === 'ppm_risk_counters_unavailable_total');
    expect(unavailable?.values.map(({ labels, value }) => [labels.fallback, value])).toEqual([['ALLOW', 1]]);
  });

  it('fails closed when the tenant chose REVIEW: the payment is held for an operator', async () => {
    const { gate } = gateWith('REVIEW');

    const result = await gate.check(request('203.0.113.7'));

    expect(result).toMatchObject({ kind: 'admitted', verdict: { decision: { action: 'REVIEW' } } });
  });

  it('still refuses what the rules decide without counters, and records the refusal', async () => {
    const { gate, blocked } = gateWith('ALLOW');

    const result = await gate.check(request('198.51.100.4'));

    expect(result).toMatchObject({
      kind: 'refused',
      reply: { success: false, error: { code: 'PAYMENT_BLOCKED_BY_RISK' } },
    });
    expect(blocked).toHaveLength(1);
    expect(blocked[0].record).toMatchObject({ countersUnavailable: true, paymentId: null, clientIp: '198.51.100.4' });
    expect(blocked[0].event.data).toMatchObject({ rulesHit: [{ index: 0, type: 'BLOCKLIST', action: 'BLOCK' }] });
  });
});
