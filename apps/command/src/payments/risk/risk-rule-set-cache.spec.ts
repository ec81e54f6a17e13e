import { RiskRuleSet, type RiskRuleSetRepository } from '@ppm/domain';
import type { Clock } from '../../shared/clock';
import { RiskRuleSetCache } from './risk-rule-set-cache';

describe('RiskRuleSetCache', () => {
  let now: number;
  let reads: string[];
  let stored: Map<string, RiskRuleSet>;
  let cache: RiskRuleSetCache;
  const ruleSet = (version: number) => ({ version }) as RiskRuleSet;

  beforeEach(() => {
    now = 0;
    reads = [];
    stored = new Map([
      ['t-1', ruleSet(1)],
      ['t-2', ruleSet(4)],
    ]);
    const repository = {
      findCurrent: (tenantId: string) => {
        reads.push(tenantId);
        return Promise.resolve(stored.get(tenantId) ?? RiskRuleSet.NONE);
      },
    } as unknown as RiskRuleSetRepository;
    const clock = { now: () => new Date(now) } as Clock;
    cache = new RiskRuleSetCache(repository, { maxEntries: 2, ttlMs: 1_000 }, clock);
  });

  it("reads a tenant's rule set once while it is fresh, and again once it expired", async () => {
    await cache.current('t-1');
    now = 999;
    expect(await cache.current('t-1')).toBe(stored.get('t-1'));
    now = 1_000;
    await cache.current('t-1');

    expect(reads).toEqual(['t-1', 't-1']);
  });

  it('keeps that a tenant has no rules: the payment insert checks that it still has none', async () => {
    expect(await cache.current('t-3')).toBe(RiskRuleSet.NONE);
    expect(await cache.current('t-3')).toBe(RiskRuleSet.NONE);

    expect(reads).toEqual(['t-3']);
  });

  it('reads a forgotten tenant again, and only that tenant', async () => {
    await cache.current('t-1');
    await cache.current('t-2');
    stored.set('t-1', ruleSet(2));
    cache.forgetTenant('t-1');

    expect((await cache.current('t-1')).version).toBe(2);
    await cache.current('t-2');
    expect(reads).toEqual(['t-1', 't-2', 't-1']);
  });

  it('keeps at most its maximum of tenants, dropping the oldest', async () => {
    await cache.current('t-1');
    await cache.current('t-2');
    await cache.current('t-3');
    await cache.current('t-2');
    await cache.current('t-1');

    expect(reads).toEqual(['t-1', 't-2', 't-3', 't-1']);
  });
});
