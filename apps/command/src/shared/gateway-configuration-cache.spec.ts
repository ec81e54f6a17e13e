import type { GatewayConfigurationRepository, StoredGatewayConfiguration } from '@ppm/domain';
import type { Clock } from './clock';
import { GatewayConfigurationCache } from './gateway-configuration-cache';

describe('GatewayConfigurationCache', () => {
  let now: number;
  let reads: string[];
  let stored: Map<string, StoredGatewayConfiguration>;
  let cache: GatewayConfigurationCache;
  const configuration = (name: string) => ({ configuration: { name } }) as unknown as StoredGatewayConfiguration;

  beforeEach(() => {
    now = 0;
    reads = [];
    stored = new Map([
      ['t-1:c-1', configuration('one')],
      ['t-1:default', configuration('default')],
      ['t-2:c-2', configuration('two')],
    ]);
    const lookup = (key: string) => {
      reads.push(key);
      return Promise.resolve(stored.get(key) ?? null);
    };
    const repository = {
      findById: (tenantId: string, id: string) => lookup(`${tenantId}:${id}`),
      findDefault: (tenantId: string) => lookup(`${tenantId}:default`),
    } as unknown as GatewayConfigurationRepository;
    const clock = { now: () => new Date(now) } as Clock;
    cache = new GatewayConfigurationCache(repository, { maxEntries: 2, ttlMs: 1_000 }, clock);
  });

  it('reads a configuration once while it is fresh, and again once it expired', async () => {
    await cache.find('t-1', 'c-1');
    now = 999;
    expect(await cache.find('t-1', 'c-1')).toBe(stored.get('t-1:c-1'));
    now = 1_000;
    await cache.find('t-1', 'c-1');

    expect(reads).toEqual(['t-1:c-1', 't-1:c-1']);
  });

  it('keeps no miss: a configuration added next is found at once', async () => {
    expect(await cache.find('t-3', undefined)).toBeNull();
    stored.set('t-3:default', configuration('new'));

    expect(await cache.find('t-3', undefined)).toBe(stored.get('t-3:default'));
  });

  it("forgets a tenant's configurations, its default among them, and only that tenant's", async () => {
    await cache.find('t-1', undefined);
    await cache.find('t-2', 'c-2');
    cache.forgetTenant('t-1');
    await cache.find('t-1', undefined);
    await cache.find('t-2', 'c-2');

    expect(reads).toEqual(['t-1:default', 't-2:c-2', 't-1:default']);
  });

  it('keeps at most its maximum of entries, dropping the oldest', async () => {
    await cache.find('t-1', 'c-1');
    await cache.find('t-1', undefined);
    await cache.find('t-2', 'c-2');
    await cache.find('t-1', undefined);
    await cache.find('t-1', 'c-1');

    expect(reads).toEqual(['t-1:c-1', 't-1:default', 't-2:c-2', 't-1:c-1']);
  });
});
