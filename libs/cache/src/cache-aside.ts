import { Logger } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { AGGREGATE_KEY_PATTERNS, CacheKeys, type CacheKey } from './cache-keys';
import { SingleFlight } from './single-flight';
import { BARRIER_VERSION, type CacheEntry, type CacheLookup, type VersionedCacheStore } from './versioned-cache-store';

/** What a loader read from the database: the data, its version and tenant, and how long it may be cached. */
export interface LoadedValue<T> {
  data: T;
  version: number;
  tenantId: string;
  /** 0: do not cache (a state that may change without an event). Jitter is added by the cache. */
  ttlMs: number;
}

/**
 * Reads the value from the database. `floor`, when the cache held a tombstone, is the version an invalidating
 * event has already reported: a loader reading a replica that is behind it should read the primary.
 */
export type Loader<T> = (floor: number | null) => Promise<LoadedValue<T> | null>;

/** Tuning of the cache-aside reads. */
export interface CacheAsideSettings {
  /** How long an invalidation's tombstone lives. A load that took half of it or more is not written back. */
  tombstoneTtlMs: number;
  /** Share of a TTL taken off at random (0.1: each TTL lands between 90 % and 100 %), so keys don't expire together. */
  ttlJitter: number;
}

/** Outcome of one read, for metrics and tests. */
export type CacheReadSource = 'cache' | 'database' | 'database-fallback';

/**
 * Cache-aside over a VersionedCacheStore, scoped by tenant: a hit whose entry belongs to another tenant is "not
 * found"; a miss loads from the database once per key and tenant in this process (single flight) and writes back
 * only if newer than what the cache holds; Redis down (or its breaker open) reads the database and counts the
 * fallback. Metrics: hits, misses, fallbacks and database loads per key shape.
 */
export class CacheAside {
  private readonly logger = new Logger('CacheAside');
  // Each flight remembers the tombstone version its leader saw before reading.
  private readonly flights = new SingleFlight<{ loaded: LoadedValue<unknown> | null; floor: number | null }>();
  private readonly hits: Counter<'shape'>;
  private readonly misses: Counter<'shape'>;
  private readonly fallbacks: Counter<'shape' | 'reason'>;
  private readonly loads: Counter<'shape'>;
  private readonly invalidations: Counter<'shape' | 'effect'>;

  constructor(
    private readonly store: VersionedCacheStore,
    private readonly settings: CacheAsideSettings,
    registry: Registry,
  ) {
    this.hits = new Counter({
      name: 'ppm_query_cache_hits_total',
      help: 'Reads answered from Redis, per key shape (answers for another tenant count too: they are not found)',
      labelNames: ['shape'],
      registers: [registry],
    });
    this.misses = new Counter({
      name: 'ppm_query_cache_misses_total',
      help: 'Reads Redis could not answer (nothing cached, or a tombstone), per key shape',
      labelNames: ['shape'],
      registers: [registry],
    });
    this.fallbacks = new Counter({
      name: 'ppm_query_cache_db_fallbacks_total',
      help: 'Reads sent to Postgres because Redis was unavailable (reason: redis_error or breaker_open), per key shape',
      labelNames: ['shape', 'reason'],
      registers: [registry],
    });
    this.loads = new Counter({
      name: 'ppm_query_cache_db_loads_total',
      help: 'Database reads made to fill the cache (concurrent misses on one key share one), per key shape',
      labelNames: ['shape'],
      registers: [registry],
    });
    this.invalidations = new Counter({
      name: 'ppm_query_cache_invalidations_total',
      help: 'Cache invalidations applied, per key shape (effect: tombstoned, kept because already as new, or purged: an entry of a deleted tenant)',
      labelNames: ['shape', 'effect'],
      registers: [registry],
    });
  }

  /**
   * The value of `key` for `tenantId`, from the cache or else from `load`; null when not found (or when it belongs
   * to another tenant). Never fails because of Redis.
   */
  async read<T>(
    key: CacheKey,
    tenantId: string,
    load: Loader<T>,
  ): Promise<{ value: T | null; source: CacheReadSource }> {
    const started = performance.now();
    const breakerWasOpen = this.store.isOpen;
    const lookup: CacheLookup<T> = await this.store.lookup<T>(key);
    if (lookup.kind === 'hit') {
      this.hits.inc({ shape: key.shape });
      return { value: lookup.entry.tenantId === tenantId ? lookup.entry.data : null, source: 'cache' };
    }
    if (lookup.kind === 'unavailable') {
      this.fallbacks.inc({ shape: key.shape, reason: breakerWasOpen ? 'breaker_open' : 'redis_error' });
      const loaded = await this.loadOnce(key, tenantId, null, load, started, false);
      return { value: loaded?.data ?? null, source: 'database-fallback' };
    }
    this.misses.inc({ shape: key.shape });
    const loaded = await this.loadOnce(key, tenantId, lookup.floor, load, started, true);
    return { value: loaded?.data ?? null, source: 'database' };
  }

  /**
   * The cached data of `key` as the JSON text it was stored as (not decoded), when the cache holds a value of
   * `tenantId`'s; undefined for anything else (nothing, a tombstone, another tenant's value, Redis unavailable),
   * which `read` answers. Counted as a hit only when it returns data.
   */
  async cachedJson(key: CacheKey, tenantId: string): Promise<string | undefined> {
    const stored = await this.store.lookupStoredData(key);
    if (stored?.tenantId !== tenantId) return undefined;
    this.hits.inc({ shape: key.shape });
    return stored.dataJson;
  }

  /**
   * Invalidates `key` for an event that brought its aggregate to `version` (BARRIER_VERSION: refuse every write
   * for the tombstone's lifetime). Throws CacheUnavailableError when Redis cannot be reached: the caller retries.
   */
  async invalidate(key: CacheKey, version: number): Promise<void> {
    const tombstoned = await this.store.invalidate(key, version, this.settings.tombstoneTtlMs);
    this.invalidations.inc({ shape: key.shape, effect: tombstoned ? 'tombstoned' : 'kept' });
  }

  /**
   * Forgets a deleted tenant: every cached entry whose `tenantId` is the tenant (found by SCAN + MGET over each
   * aggregate key shape, O(cache size): acceptable for a rare event) and the tenant's default configuration become
   * barrier tombstones. A tombstone holds no data, and for its lifetime refuses the write-back of a load that read
   * the tenant's rows before the purge or from a replica still behind it (and sends such loads to the primary).
   * Counted per shape with effect `purged`; returns how many keys were purged. Throws CacheUnavailableError.
   */
  async forgetTenant(tenantId: string): Promise<number> {
    const keys: CacheKey[] = [CacheKeys.tenantDefaultGatewayConfig(tenantId)];
    for (const { match, shape } of AGGREGATE_KEY_PATTERNS) {
      for (const name of await this.store.keysOfTenant(match, tenantId)) keys.push({ name, shape });
    }
    for (const key of keys) {
      await this.store.invalidate(key, BARRIER_VERSION, this.settings.tombstoneTtlMs);
      this.invalidations.inc({ shape: key.shape, effect: 'purged' });
    }
    return keys.length;
  }

  private async loadOnce<T>(
    key: CacheKey,
    tenantId: string,
    floor: number | null,
    load: Loader<T>,
    started: number,
    writeBack: boolean,
  ): Promise<LoadedValue<T> | null> {
    const flight = this.flights.run(`${key.name}\u0000${tenantId}`, async () => {
      this.loads.inc({ shape: key.shape });
      const loaded = await load(floor);
      if (loaded && writeBack && loaded.ttlMs > 0) await this.writeBack(key, loaded, started);
      return { loaded, floor };
    });
    const result = await flight.result;
    const loaded = result.loaded as LoadedValue<T> | null;
    // A flight whose leader read before the invalidation this caller saw may hold an older version: this caller
    // reads for itself (rare: only when an event lands during a load) and leaves the cache to the next miss.
    const leaderSawLess = floor !== null && (result.floor === null || result.floor < floor);
    if (flight.joined && leaderSawLess && loaded && loaded.version < floor) {
      this.loads.inc({ shape: key.shape });
      return load(floor);
    }
    return loaded;
  }

  private async writeBack<T>(key: CacheKey, loaded: LoadedValue<T>, started: number): Promise<void> {
    // A tombstone outlives any load shorter than its TTL; a load slower than half of it might have read a version
    // older than a tombstone that has since expired, so it is not written back at all.
    if (performance.now() - started >= this.settings.tombstoneTtlMs / 2) return;
    const entry: CacheEntry<T> = { version: loaded.version, tenantId: loaded.tenantId, data: loaded.data };
    const ttlMs = loaded.ttlMs * (1 - Math.random() * this.settings.ttlJitter);
    await this.store.setIfNewer(key, entry, ttlMs).catch((error: unknown) => {
      this.logger.debug({ key: key.name, err: error }, 'cache write skipped: Redis unavailable');
    });
  }
}
