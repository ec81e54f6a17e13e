import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig, WithDatabase, WithNats, WithRabbitMq, WithRedis } from '@ppm/observability';

/** Configuration of the query service (read model). */
export class QueryConfig extends WithRabbitMq(WithRedis(WithNats(WithDatabase(ServiceConfig), 'query')), 'query') {
  override PORT = 3003;

  /**
   * The durable quorum queue this service's instances share to receive PPM's events for cache invalidation (all
   * instances share one Redis, so each event needs invalidating once). Tests use a queue of their own.
   */
  @IsString()
  @Matches(/^[\w.:-]{1,200}$/)
  CACHE_INVALIDATION_QUEUE: string = 'ppm.query.cache-invalidation';

  /** Events delivered to this instance before it has acknowledged the earlier ones. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  CACHE_INVALIDATION_PREFETCH: number = 100;

  /** Cache TTL of a payment still in flight (its next change is announced by an event, this is the backstop). */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  CACHE_TTL_IN_FLIGHT_MS: number = 30_000;

  /** Cache TTL of a payment in a final state (only refunds still change it, each with an event). */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  CACHE_TTL_FINAL_MS: number = 600_000;

  /** Cache TTL of a gateway configuration. */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  CACHE_TTL_CONFIGURATION_MS: number = 3_600_000;

  /** How long an invalidation's tombstone lives; a database read that takes half of it is not cached. */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  CACHE_TOMBSTONE_TTL_MS: number = 60_000;

  /** How long the Redis breaker, once open, sends every read straight to Postgres before trying Redis again. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  CACHE_BREAKER_RESET_MS: number = 5_000;
}
