import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  isInWindow,
  MAX_RISK_COUNTER_ENTRIES,
  type RiskCounterEntry,
  type RiskWindowCheck,
  type RiskWindowReading,
} from '@ppm/domain';
import { requireServers, testInfra } from '@ppm/testing';
import { RedisClient } from './redis-client';
import { RedisRiskCounters, RiskCountersUnavailableError, riskCounterKey } from './redis-risk-counters';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const customer = (value: string) => ({ key: 'customerRef' as const, value });
// A check that only reads: never hit, so never refuses.
const reads = (reading: RiskWindowReading): RiskWindowCheck => ({ ...reading, hitFrom: 1n << 80n, refuses: false });

describe('RedisRiskCounters on real Redis', () => {
  let redis: RedisClient;
  let counters: RedisRiskCounters;

  beforeAll(async () => {
    await requireServers('redis');
    redis = new RedisClient(testInfra.redisUrl, 'risk-counters-int-spec');
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    counters = new RedisRiskCounters(redis, 1_000);
  });

  afterAll(async () => {
    await redis?.onApplicationShutdown();
  });

  it('counts what the sliding window holds, as isInWindow says, at every edge', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -5, max: 90_000 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 90 }),
        async (agesMs, windowSeconds) => {
          const tenantId = randomUUID();
          const windowMs = windowSeconds * 1000;
          // Draw the edges on purpose: exactly the window's age, one ms inside it, now, one ms ahead.
          const ages = [...agesMs, windowMs, windowMs - 1, 0, -1];
          await counters.record(
            tenantId,
            ages.map((age, i) => ({
              kind: 'PAYMENTS',
              ...customer('c1'),
              id: `p${i}`,
              quantity: 1n,
              at: new Date(T0.getTime() - age),
            })),
          );
          const expected = ages.filter((age) => isInWindow(new Date(T0.getTime() - age), T0, windowSeconds)).length;
          const reading: RiskWindowReading = { kind: 'PAYMENTS', ...customer('c1'), windowSeconds };
          await expect(counters.admit(tenantId, [reads(reading)], [], T0)).resolves.toEqual({
            totals: [BigInt(expected)],
            recorded: true,
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('sums amounts exactly past the doubles of Lua, per currency, and counts an entry recorded twice once', async () => {
    const tenantId = randomUUID();
    const big = 9_007_199_254_740_993n; // 2^53 + 1: a double cannot hold it
    const amount = (id: string, quantity: bigint, currency: string): RiskCounterEntry => ({
      kind: 'AMOUNT',
      ...customer('c1'),
      currency,
      id,
      quantity,
      at: T0,
    });
    await counters.record(tenantId, [
      amount('a', big, 'VND'),
      amount('b', 999_999_999n, 'VND'),
      amount('c', 7n, 'USD'),
    ]);
    await counters.record(tenantId, [amount('a', big, 'VND')]);
    const readings: RiskWindowReading[] = [
      { kind: 'AMOUNT', ...customer('c1'), currency: 'VND', windowSeconds: 86_400 },
      { kind: 'AMOUNT', ...customer('c1'), currency: 'USD', windowSeconds: 86_400 },
      { kind: 'AMOUNT', ...customer('c2'), currency: 'VND', windowSeconds: 86_400 },
      { kind: 'FAILURES', ...customer('c1'), windowSeconds: 60 },
    ];
    await expect(counters.admit(tenantId, readings.map(reads), [], T0)).resolves.toMatchObject({
      totals: [big + 999_999_999n, 7n, 0n, 0n],
    });
  });

  it('lets no more than the limit through when payments are evaluated at once', async () => {
    const tenantId = randomUUID();
    const limit = 5;
    const velocity = { kind: 'PAYMENTS' as const, ...customer('racer') };
    const check: RiskWindowCheck = { ...velocity, windowSeconds: 60, hitFrom: BigInt(limit), refuses: true };
    const admissions = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        counters.admit(tenantId, [check], [{ ...velocity, id: `p${i}`, quantity: 1n, at: T0 }], T0),
      ),
    );
    expect(admissions.filter((admission) => admission.recorded)).toHaveLength(limit);
    // Every admission saw the ones before it: the totals are 0 … limit − 1 once each, then the limit.
    const seen = admissions.map((admission) => Number(admission.totals[0])).sort((x, y) => x - y);
    expect(seen).toEqual([
      ...Array.from({ length: limit }, (_, i) => i),
      ...Array.from({ length: 40 - limit }, () => limit),
    ]);
    await expect(redis.zcard(riskCounterKey(tenantId, velocity))).resolves.toBe(limit);
  });

  it('refuses an amount at its threshold exactly past the doubles of Lua, and counts a refusal nowhere', async () => {
    const tenantId = randomUUID();
    const daily = { kind: 'AMOUNT' as const, ...customer('c1'), currency: 'VND' };
    const spent = 9_007_199_254_740_993n;
    await counters.record(tenantId, [{ ...daily, id: 'earlier', quantity: spent, at: T0 }]);
    const check = (hitFrom: bigint): RiskWindowCheck => ({ ...daily, windowSeconds: 86_400, hitFrom, refuses: true });
    const entry = { ...daily, id: 'now', quantity: 1n, at: T0 };
    await expect(counters.admit(tenantId, [check(spent + 1n)], [entry], T0)).resolves.toEqual({
      totals: [spent],
      recorded: true,
    });
    const payments = { kind: 'PAYMENTS' as const, ...customer('c1') };
    await expect(
      counters.admit(tenantId, [check(spent + 1n)], [{ ...payments, id: 'refused', quantity: 1n, at: T0 }], T0),
    ).resolves.toEqual({ totals: [spent + 1n], recorded: false });
    await expect(redis.zcard(riskCounterKey(tenantId, payments))).resolves.toBe(0);
    // A threshold at or below zero is reached by any total, an empty window included.
    await expect(counters.admit(randomUUID(), [check(-5n)], [], T0)).resolves.toEqual({
      totals: [0n],
      recorded: false,
    });
  });

  it('keeps a counter bounded: old entries leave, the newest MAX_RISK_COUNTER_ENTRIES stay, the key expires', async () => {
    const tenantId = randomUUID();
    const key = { kind: 'PAYMENTS' as const, ...customer('busy') };
    const entries = Array.from({ length: MAX_RISK_COUNTER_ENTRIES + 5 }, (_, i) => ({
      ...key,
      id: `p${i}`,
      quantity: 1n,
      at: new Date(T0.getTime() + i),
    }));
    for (let i = 0; i < entries.length; i += 1000) await counters.record(tenantId, entries.slice(i, i + 1000));
    const redisKey = riskCounterKey(tenantId, key);
    await expect(redis.zcard(redisKey)).resolves.toBe(MAX_RISK_COUNTER_ENTRIES);
    const ttl = await redis.pttl(redisKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
    await counters.record(tenantId, [
      { ...key, id: 'late', quantity: 1n, at: new Date(T0.getTime() + 86_400_000 + 10) },
    ]);
    // The kept entries were stamped T0+5 … T0+10004; one a day after T0+10 pushes T0+5 … T0+10 out of every window.
    await expect(redis.zcard(redisKey)).resolves.toBe(MAX_RISK_COUNTER_ENTRIES - 6 + 1);
  });

  it('keeps tenants apart', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await counters.record(a, [
      { kind: 'FAILURES', key: 'clientIp', value: '203.0.113.7', id: 'x', quantity: 1n, at: T0 },
    ]);
    const reading: RiskWindowReading = { kind: 'FAILURES', key: 'clientIp', value: '203.0.113.7', windowSeconds: 600 };
    await expect(counters.admit(a, [reads(reading)], [], T0)).resolves.toMatchObject({ totals: [1n] });
    await expect(counters.admit(b, [reads(reading)], [], T0)).resolves.toMatchObject({ totals: [0n] });
  });

  it('fails with RiskCountersUnavailableError when Redis does not answer in time', async () => {
    const stalled = new RedisClient('redis://127.0.0.1:1', 'risk-counters-unreachable');
    try {
      const unreachable = new RedisRiskCounters(stalled, 50);
      const reading: RiskWindowReading = { kind: 'PAYMENTS', ...customer('c1'), windowSeconds: 60 };
      await expect(unreachable.admit(randomUUID(), [reads(reading)], [], T0)).rejects.toBeInstanceOf(
        RiskCountersUnavailableError,
      );
    } finally {
      stalled.disconnect();
    }
  });
});
