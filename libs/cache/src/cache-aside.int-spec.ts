import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { freePort, requireServers, sampleValue, testInfra } from '@ppm/testing';
import { CacheAside, type LoadedValue } from './cache-aside';
import { CacheKeys } from './cache-keys';
import { RedisClient } from './redis-client';
import { BARRIER_VERSION, VersionedCacheStore, type RedisBreakerSettings } from './versioned-cache-store';

const BREAKER: RedisBreakerSettings = {
  timeoutMs: 500,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  resetTimeoutMs: 60_000,
  rollingCountTimeoutMs: 10_000,
};

interface Payment {
  status: string;
}

function loaded(version: number, status: string, tenantId: string, ttlMs = 60_000): LoadedValue<Payment> {
  return { data: { status }, version, tenantId, ttlMs };
}

/** A promise and the function that resolves it. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('cache-aside on real Redis', () => {
  let redis: RedisClient;
  let store: VersionedCacheStore;
  let registry: Registry;
  let cache: CacheAside;
  const tenantId = randomUUID();

  beforeAll(async () => {
    await requireServers('redis');
    redis = new RedisClient(testInfra.redisUrl, 'cache-int-spec');
    // No offline queue: commands fail until the connection is up.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });

  beforeEach(() => {
    store = new VersionedCacheStore(redis, BREAKER);
    registry = new Registry();
    cache = new CacheAside(store, { tombstoneTtlMs: 60_000, ttlJitter: 0.1 }, registry);
  });

  afterEach(() => store?.onApplicationShutdown());

  afterAll(async () => {
    await redis?.onApplicationShutdown();
  });

  const counter = async (name: string, labels: Record<string, string>) =>
    sampleValue(await registry.metrics(), name, labels);

  it('writes only newer versions, and an invalidation tombstone refuses anything older than its version', async () => {
    const key = CacheKeys.transaction(randomUUID());
    const entry = (version: number) => ({ version, tenantId, data: { status: `v${version}` } });

    expect(await store.setIfNewer(key, entry(2), 60_000)).toBe(true);
    expect(await store.setIfNewer(key, entry(1), 60_000)).toBe(false);
    expect(await store.setIfNewer(key, entry(2), 60_000)).toBe(false);
    expect(await store.invalidate(key, 2, 60_000)).toBe(false); // already at the event's version: kept
    expect(await store.lookup(key)).toEqual({ kind: 'hit', entry: entry(2) });

    expect(await store.invalidate(key, 4, 60_000)).toBe(true);
    expect(await store.lookup(key)).toEqual({ kind: 'miss', floor: 4 });
    expect(await store.setIfNewer(key, entry(3), 60_000)).toBe(false);
    expect(await store.invalidate(key, 3, 60_000)).toBe(false); // an older event never lowers the tombstone
    expect(await store.setIfNewer(key, entry(4), 60_000)).toBe(true);
    expect(await store.lookup(key)).toEqual({ kind: 'hit', entry: entry(4) });
    expect(await redis.pttl(key.name)).toBeGreaterThan(50_000);
  });

  it('keeps a barrier tombstone against every write while it lives', async () => {
    const key = CacheKeys.tenantDefaultGatewayConfig(randomUUID());
    await store.invalidate(key, BARRIER_VERSION, 60_000);
    expect(await store.setIfNewer(key, { version: 1_000_000, tenantId, data: {} }, 60_000)).toBe(false);
    expect(await store.lookup(key)).toEqual({ kind: 'miss', floor: BARRIER_VERSION });
  });

  it('never leaves the stale value of a slow reader that read before an invalidation', async () => {
    const key = CacheKeys.transaction(randomUUID());
    const slowRead = gate<void>();
    const hasRead = gate<void>();
    let databaseVersion = 1;
    const slowReader = cache.read(key, tenantId, async () => {
      const snapshot = loaded(databaseVersion, 'PROCESSING', tenantId); // reads version 1 …
      hasRead.open();
      await slowRead.promise; // … and stalls before writing it back
      return snapshot;
    });
    await hasRead.promise;

    databaseVersion = 2; // the payment succeeds; its event is consumed
    await cache.invalidate(key, 2);
    slowRead.open(); // the slow reader now tries to write version 1
    expect((await slowReader).value).toEqual({ status: 'PROCESSING' });
    expect(await store.lookup(key)).toEqual({ kind: 'miss', floor: 2 });

    const next = await cache.read(key, tenantId, () => Promise.resolve(loaded(databaseVersion, 'SUCCEEDED', tenantId)));
    expect(next).toEqual({ value: { status: 'SUCCEEDED' }, source: 'database' });
    expect((await cache.read(key, tenantId, () => Promise.reject(new Error('not read')))).value).toEqual({
      status: 'SUCCEEDED',
    });
  });

  it('never serves a version older than an applied invalidation, however reads, commits and events interleave', async () => {
    // The model: the database moves on by commits; each commit's event is delivered later, in order; readers
    // snapshot the database at some point and write their snapshot back at a later one.
    type Step = { kind: 'read' } | { kind: 'commit' } | { kind: 'deliver' } | { kind: 'write'; reader: number };
    const step = fc.oneof(
      fc.constant<Step>({ kind: 'read' }),
      fc.constant<Step>({ kind: 'commit' }),
      fc.constant<Step>({ kind: 'deliver' }),
      fc.nat(5).map((reader): Step => ({ kind: 'write', reader })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const key = CacheKeys.transaction(randomUUID());
        let databaseVersion = 1;
        let delivered = 0;
        const undelivered: number[] = [];
        let readers: number[] = [];
        const write = (version: number) => store.setIfNewer(key, { version, tenantId, data: { version } }, 60_000);
        const cachedVersion = async () => {
          const lookup = await store.lookup<{ version: number }>(key);
          return lookup.kind === 'hit' ? lookup.entry.version : null;
        };
        for (const s of steps) {
          if (s.kind === 'read') readers.push(databaseVersion);
          if (s.kind === 'commit') undelivered.push(++databaseVersion);
          if (s.kind === 'deliver' && undelivered.length > 0) {
            delivered = undelivered.shift()!;
            await store.invalidate(key, delivered, 60_000);
          }
          if (s.kind === 'write' && readers.length > 0) {
            const index = s.reader % readers.length;
            await write(readers[index]);
            readers = readers.filter((_, i) => i !== index);
          }
          const cached = await cachedVersion();
          if (cached !== null && cached < delivered) return false;
        }
        for (const version of undelivered) await store.invalidate(key, version, 60_000);
        for (const version of readers) await write(version);
        const cached = await cachedVersion();
        return cached === null || cached === databaseVersion;
      }),
      { numRuns: 150 },
    );
  });

  it('reads the database once per key under a burst of misses, then serves the cache', async () => {
    const key = CacheKeys.transaction(randomUUID());
    const release = gate<void>();
    let loads = 0;
    const load = async () => {
      loads += 1;
      await release.promise;
      return loaded(3, 'SUCCEEDED', tenantId);
    };
    const burst = Array.from({ length: 50 }, () => cache.read(key, tenantId, load));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release.open();
    const results = await Promise.all(burst);
    expect(loads).toBe(1);
    expect(results.every((r) => r.value?.status === 'SUCCEEDED')).toBe(true);
    expect(await cache.read(key, tenantId, load)).toEqual({ value: { status: 'SUCCEEDED' }, source: 'cache' });
    expect(await counter('ppm_query_cache_db_loads_total', { shape: 'transaction' })).toBe(1);
    expect(await counter('ppm_query_cache_hits_total', { shape: 'transaction' })).toBe(1);
  });

  it('does not hand a joining reader the older version of a load that began before the invalidation it saw', async () => {
    const key = CacheKeys.transaction(randomUUID());
    let databaseVersion = 1;
    const release = gate<void>();
    const hasRead = gate<void>();
    const load = async () => {
      const snapshot = loaded(databaseVersion, `v${databaseVersion}`, tenantId);
      hasRead.open();
      await release.promise;
      return snapshot;
    };
    const leader = cache.read(key, tenantId, load); // sees no tombstone, reads version 1
    await hasRead.promise;
    databaseVersion = 2;
    await cache.invalidate(key, 2);
    const joiner = cache.read(key, tenantId, load); // sees the tombstone of version 2, joins the leader's load
    await new Promise((resolve) => setTimeout(resolve, 20));
    release.open();
    expect((await leader).value).toEqual({ status: 'v1' });
    expect((await joiner).value).toEqual({ status: 'v2' });
    expect(await store.lookup(key)).toEqual({ kind: 'miss', floor: 2 });
  });

  it('answers "not found" to another tenant from the cache, without reading the database', async () => {
    const key = CacheKeys.transaction(randomUUID());
    await cache.read(key, tenantId, () => Promise.resolve(loaded(1, 'SUCCEEDED', tenantId)));
    const foreign = await cache.read(key, randomUUID(), () => Promise.reject(new Error('must not read')));
    expect(foreign).toEqual({ value: null, source: 'cache' });
  });

  it("hands a tenant's cached data over as the JSON text stored, and nothing for another tenant or a tombstone", async () => {
    const key = CacheKeys.transaction(randomUUID());
    expect(await cache.cachedJson(key, tenantId)).toBeUndefined();
    const data = { status: 'SUCCEEDED', note: 'quote " and \\ back, ünïcode', amount: 150_000, refunds: [] };
    await cache.read(key, tenantId, () => Promise.resolve({ data, version: 3, tenantId, ttlMs: 60_000 }));
    const text = await cache.cachedJson(key, tenantId);
    expect(text).toBe(JSON.stringify(data));
    expect(await counter('ppm_query_cache_hits_total', { shape: 'transaction' })).toBe(1);

    expect(await cache.cachedJson(key, randomUUID())).toBeUndefined();
    await cache.invalidate(key, 4);
    expect(await cache.cachedJson(key, tenantId)).toBeUndefined();
    expect(await counter('ppm_query_cache_hits_total', { shape: 'transaction' })).toBe(1);
  });

  it('does not cache a state that may change without an event (TTL 0), nor a load slower than half a tombstone', async () => {
    const key = CacheKeys.transaction(randomUUID());
    await cache.read(key, tenantId, () => Promise.resolve(loaded(1, 'PENDING', tenantId, 0)));
    expect(await store.lookup(key)).toEqual({ kind: 'miss', floor: null });

    const impatient = new CacheAside(store, { tombstoneTtlMs: 100, ttlJitter: 0 }, new Registry());
    await impatient.read(key, tenantId, async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return loaded(2, 'SUCCEEDED', tenantId);
    });
    expect(await store.lookup(key)).toEqual({ kind: 'miss', floor: null });
  });

  it('answers from the database when Redis is unreachable, and its open breaker then skips Redis', async () => {
    const dead = new RedisClient(`redis://127.0.0.1:${await freePort()}`, 'cache-int-spec-dead');
    const deadStore = new VersionedCacheStore(dead, BREAKER);
    const deadRegistry = new Registry();
    const fallback = new CacheAside(deadStore, { tombstoneTtlMs: 60_000, ttlJitter: 0.1 }, deadRegistry);
    try {
      const key = CacheKeys.transaction(randomUUID());
      for (let i = 0; i < 6; i += 1) {
        const read = await fallback.read(key, tenantId, () => Promise.resolve(loaded(1, 'SUCCEEDED', tenantId)));
        expect(read).toEqual({ value: { status: 'SUCCEEDED' }, source: 'database-fallback' });
      }
      expect(deadStore.isOpen).toBe(true);
      const metrics = await deadRegistry.metrics();
      const redisErrors = sampleValue(metrics, 'ppm_query_cache_db_fallbacks_total', { reason: 'redis_error' });
      const breakerOpen = sampleValue(metrics, 'ppm_query_cache_db_fallbacks_total', { reason: 'breaker_open' });
      expect(redisErrors + breakerOpen).toBe(6);
      expect(breakerOpen).toBeGreaterThan(0);
      await expect(fallback.invalidate(key, 2)).rejects.toThrow('Redis is unavailable');
    } finally {
      deadStore.onApplicationShutdown();
      dead.disconnect();
    }
  });
});
