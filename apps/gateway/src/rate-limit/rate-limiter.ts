import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { withTimeout, type RedisClient } from '@ppm/cache';
import type { MetricsRegistry } from '@ppm/observability';
import { decide, type RateLimitDecision, type RateLimitTier, type WindowCount } from './rate-limit-window';

const WARNING_INTERVAL_MS = 10_000;
// A stalled Redis must not hold requests: past this the request passes unlimited, like with Redis down.
const CHARGE_TIMEOUT_MS = 250;

/** The charge script as a command of the client (sent once, then run by its SHA). */
interface ChargeCommand {
  ppmRateCharge(numberOfKeys: number, ...keysThenTtls: string[]): Promise<number[]>;
}

/** A counter to charge: its Redis key (without window) and its tier. */
export interface RateLimitBucket {
  key: string;
  tier: RateLimitTier;
}

// Counts the request in every bucket at once, atomically on the Redis that all gateway instances share: each
// bucket is a fixed window that starts with its first request (INCR, then PEXPIRE on the first).
const CHARGE_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out
`;

/**
 * Per-tenant and per-API-key rate limits in Redis. When Redis can't answer, requests pass (fail-open): the admin
 * edge stays usable during a Redis outage, which is logged and counted in ppm_gateway_rate_limit_unavailable_total.
 */
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly unavailable: Counter;
  private lastWarningAt = 0;

  constructor(
    private readonly redis: RedisClient,
    metrics: MetricsRegistry,
  ) {
    redis.defineCommand('ppmRateCharge', { lua: CHARGE_SCRIPT });
    this.unavailable = new Counter({
      name: 'ppm_gateway_rate_limit_unavailable_total',
      help: 'Requests let through unlimited because Redis could not count them',
      registers: [metrics],
    });
  }

  /** Charges one request to every bucket; undefined when Redis could not count it. */
  async charge(buckets: readonly RateLimitBucket[]): Promise<RateLimitDecision | undefined> {
    try {
      const raw = await withTimeout(
        (this.redis as unknown as ChargeCommand).ppmRateCharge(
          buckets.length,
          ...buckets.map((b) => `ppm:gateway:rate:${b.key}`),
          ...buckets.map((b) => String(b.tier.windowSeconds * 1000)),
        ),
        CHARGE_TIMEOUT_MS,
      );
      const counts: WindowCount[] = buckets.map((bucket, i) => ({
        limit: bucket.tier.limit,
        count: Number(raw[2 * i]),
        ttlMs: Number(raw[2 * i + 1]),
      }));
      return decide(counts);
    } catch (error) {
      this.unavailable.inc();
      // One warning per interval: during an outage every request fails the same way (the metric counts them all).
      if (Date.now() - this.lastWarningAt >= WARNING_INTERVAL_MS) {
        this.lastWarningAt = Date.now();
        this.logger.warn({ err: error }, 'Rate limits not applied: Redis did not answer');
      }
      return undefined;
    }
  }
}
