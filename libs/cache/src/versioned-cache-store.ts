import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import CircuitBreaker from 'opossum';
import type { CacheKey } from './cache-keys';

/** A cached value: the aggregate version it was read at, the tenant it belongs to, and the data. */
export interface CacheEntry<T> {
  version: number;
  tenantId: string;
  data: T;
}

/**
 * What a key holds: a value; a tombstone left by an invalidation (`floor` = the version the data has reached at
 * least); nothing; or `unavailable` when Redis cannot be asked (down, or the breaker is open).
 */
export type CacheLookup<T> =
  { kind: 'hit'; entry: CacheEntry<T> } | { kind: 'miss'; floor: number | null } | { kind: 'unavailable' };

/** Settings of the breaker in front of Redis. */
export interface RedisBreakerSettings {
  /** A Redis call slower than this counts as failed (Redis answers in well under a millisecond). */
  timeoutMs: number;
  errorThresholdPercentage: number;
  volumeThreshold: number;
  /** How long the open breaker skips Redis before it tries again. */
  resetTimeoutMs: number;
  rollingCountTimeoutMs: number;
}

/** Redis could not be used (down, too slow, or the breaker is open). */
export class CacheUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Redis is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CacheUnavailableError';
  }
}

/** A cached value as stored: its tenant and its data as the JSON text it was written as (not decoded). */
export interface StoredCacheData {
  tenantId: string;
  dataJson: string;
}

// The head of a value this class wrote (`{"version":N,"tenantId":"…","data":` then the data and the closing brace).
const ENTRY_HEAD = /^\{"version":\d+,"tenantId":"([0-9A-Za-z-]+)","data":/;

/** A version that outranks every real one: a tombstone with it refuses every write while it lives. */
export const BARRIER_VERSION = Number.MAX_SAFE_INTEGER;

// Values are JSON written only by this class with `version` first: `{"version":N,"tenantId":…,"data":…}`, and
// tombstones are exactly `{"version":N,"tombstone":true}`. The scripts read the version from that prefix rather
// than decoding a whole transaction.
const VERSION_OF = `
local function version_of(raw)
  if not raw then return nil, false end
  local v = string.match(raw, '^{"version":(%d+)')
  if not v then return nil, false end
  return tonumber(v), string.match(raw, '^{"version":%d+,"tombstone":true}$') ~= nil
end
`;

// Cache-aside write: only a newer value replaces a value; a tombstone of version V accepts only a value read at
// version V or later. So a slow reader holding an old version can never write it back over an invalidation.
// KEYS[1] key; ARGV[1] version; ARGV[2] entry JSON; ARGV[3] TTL (ms). Returns 1 if written.
const SET_IF_NEWER = `${VERSION_OF}
local current, tombstone = version_of(redis.call('GET', KEYS[1]))
local incoming = tonumber(ARGV[1])
if current then
  if tombstone and incoming < current then return 0 end
  if (not tombstone) and incoming <= current then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

// Invalidation by an event that brought the aggregate to ARGV[1]: a value or tombstone already at that version or
// later stays; anything older becomes a tombstone of that version for ARGV[2] ms.
// KEYS[1] key; ARGV[1] version; ARGV[2] tombstone TTL (ms). Returns 1 if a tombstone was written.
const INVALIDATE = `${VERSION_OF}
local current = version_of(redis.call('GET', KEYS[1]))
local incoming = tonumber(ARGV[1])
if current and current >= incoming then return 0 end
redis.call('SET', KEYS[1], '{"version":' .. ARGV[1] .. ',"tombstone":true}', 'PX', ARGV[2])
return 1`;

interface VersionedCommands {
  ppmCacheSetIfNewer(key: string, version: string, entry: string, ttlMs: string): Promise<number>;
  ppmCacheInvalidate(key: string, version: string, tombstoneTtlMs: string): Promise<number>;
}

type RedisCall = () => Promise<unknown>;

/**
 * Versioned JSON values in Redis, each write and invalidation one atomic Lua script, every call behind an opossum
 * breaker: while Redis is down the breaker opens and calls fail at once (`unavailable`), costing a request nothing.
 */
export class VersionedCacheStore implements OnApplicationShutdown {
  private readonly logger = new Logger('RedisCache');
  private readonly breaker: CircuitBreaker<[RedisCall], unknown>;
  private readonly commands: VersionedCommands;

  constructor(
    private readonly redis: Redis,
    settings: RedisBreakerSettings,
  ) {
    redis.defineCommand('ppmCacheSetIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
    redis.defineCommand('ppmCacheInvalidate', { numberOfKeys: 1, lua: INVALIDATE });
    this.commands = redis as unknown as VersionedCommands;
    this.breaker = new CircuitBreaker((call: RedisCall) => call(), {
      timeout: settings.timeoutMs,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: settings.rollingCountTimeoutMs,
      name: 'redis-cache',
    });
    this.breaker.on('open', () => this.logger.warn('Redis breaker opened: reads go to Postgres'));
    this.breaker.on('close', () => this.logger.log('Redis breaker closed: the cache is back'));
  }

  /** Whether the breaker currently skips Redis. */
  get isOpen(): boolean {
    return this.breaker.opened;
  }

  /** Reads a key; never throws (Redis trouble is `unavailable`). */
  async lookup<T>(key: CacheKey): Promise<CacheLookup<T>> {
    let raw: unknown;
    try {
      raw = await this.breaker.fire(() => this.redis.get(key.name));
    } catch {
      return { kind: 'unavailable' };
    }
    if (typeof raw !== 'string') return { kind: 'miss', floor: null };
    const parsed = parse(raw);
    if (!parsed) {
      this.logger.warn({ key: key.name }, 'unreadable cache value ignored');
      return { kind: 'miss', floor: null };
    }
    if ('tombstone' in parsed) return { kind: 'miss', floor: parsed.version };
    return { kind: 'hit', entry: parsed as CacheEntry<T> };
  }

  /**
   * A key's value with its data left as the JSON text it was written as, for a reply that embeds it without
   * decoding and encoding it again; undefined for anything else (nothing, a tombstone, Redis unavailable).
   */
  async lookupStoredData(key: CacheKey): Promise<StoredCacheData | undefined> {
    let raw: unknown;
    try {
      raw = await this.breaker.fire(() => this.redis.get(key.name));
    } catch {
      return undefined;
    }
    if (typeof raw !== 'string' || !raw.endsWith('}')) return undefined;
    const head = ENTRY_HEAD.exec(raw);
    if (!head?.[1]) return undefined;
    return { tenantId: head[1], dataJson: raw.slice(head[0].length, -1) };
  }

  /** Writes `entry` unless the key holds the same or a newer version (or a newer tombstone). */
  async setIfNewer<T>(key: CacheKey, entry: CacheEntry<T>, ttlMs: number): Promise<boolean> {
    const json = JSON.stringify({ version: entry.version, tenantId: entry.tenantId, data: entry.data });
    const written = await this.call(() =>
      this.commands.ppmCacheSetIfNewer(key.name, String(entry.version), json, String(Math.max(1, Math.round(ttlMs)))),
    );
    return written === 1;
  }

  /**
   * Drops whatever the key holds that is older than `version`, leaving a tombstone of `version` for
   * `tombstoneTtlMs` so a reader that read an older version cannot write it back. Throws CacheUnavailableError.
   */
  async invalidate(key: CacheKey, version: number, tombstoneTtlMs: number): Promise<boolean> {
    const written = await this.call(() =>
      this.commands.ppmCacheInvalidate(key.name, String(version), String(Math.max(1, Math.round(tombstoneTtlMs)))),
    );
    return written === 1;
  }

  /**
   * The names of the keys matching `match` (a SCAN pattern) whose value belongs to `tenantId`: SCAN with MATCH,
   * `count` names per step, and an MGET of each step's names (tombstones carry no tenant and are skipped). Reads
   * every matching key, so O(cache size): for rare events only. Throws CacheUnavailableError.
   */
  async keysOfTenant(match: string, tenantId: string, count = 500): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, names] = (await this.call(() => this.redis.scan(cursor, 'MATCH', match, 'COUNT', count))) as [
        string,
        string[],
      ];
      cursor = next;
      if (names.length === 0) continue;
      const values = (await this.call(() => this.redis.mget(names))) as (string | null)[];
      names.forEach((name, i) => {
        const raw = values[i];
        const parsed = typeof raw === 'string' ? parse(raw) : null;
        if (parsed && 'tenantId' in parsed && parsed.tenantId === tenantId) found.push(name);
      });
    } while (cursor !== '0');
    return found;
  }

  /** Stops the breaker's timers. */
  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }

  private async call(command: RedisCall): Promise<unknown> {
    try {
      return await this.breaker.fire(command);
    } catch (error) {
      throw new CacheUnavailableError(error);
    }
  }
}

function parse(raw: string): { version: number; tombstone: true } | CacheEntry<unknown> | null {
  try {
    const value = JSON.parse(raw) as { version?: unknown; tombstone?: unknown; tenantId?: unknown };
    if (typeof value?.version !== 'number') return null;
    if (value.tombstone === true) return { version: value.version, tombstone: true };
    return typeof value.tenantId === 'string' && 'data' in value ? (value as CacheEntry<unknown>) : null;
  } catch {
    return null;
  }
}
