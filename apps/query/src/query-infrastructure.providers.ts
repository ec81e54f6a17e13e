import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CacheAside, RedisClient, VersionedCacheStore } from '@ppm/cache';
import { MetricsRegistry } from '@ppm/observability';
import {
  CACHE_INVALIDATION_SETTINGS,
  CacheInvalidationConsumer,
  type CacheInvalidationSettings,
} from './consumers/cache-invalidation/cache-invalidation.consumer';
import type { QueryConfig } from './query.config';
import { CacheTtls } from './shared/cache-ttls';
import { ReadModelDatabase } from './shared/read-model-database';

/** The query service's plumbing: read database (replica + primary), the Redis cache and its invalidation. */
export function queryInfrastructure(config: QueryConfig): Provider[] {
  return [
    {
      provide: CacheTtls,
      useValue: new CacheTtls(
        { inFlightMs: config.CACHE_TTL_IN_FLIGHT_MS, finalMs: config.CACHE_TTL_FINAL_MS },
        config.CACHE_TTL_CONFIGURATION_MS,
      ),
    },
    {
      provide: ReadModelDatabase,
      inject: [DataSource, MetricsRegistry],
      useFactory: async (primary: DataSource, metrics: MetricsRegistry) => {
        const replica = config.DATABASE_READ_URL
          ? { url: config.DATABASE_READ_URL, poolSize: config.DATABASE_POOL_SIZE }
          : null;
        const database = new ReadModelDatabase(primary, replica, metrics);
        await database.connect();
        return database;
      },
    },
    {
      provide: VersionedCacheStore,
      inject: [RedisClient],
      useFactory: (redis: RedisClient) =>
        new VersionedCacheStore(redis, {
          timeoutMs: 500,
          errorThresholdPercentage: 50,
          volumeThreshold: 5,
          resetTimeoutMs: config.CACHE_BREAKER_RESET_MS,
          rollingCountTimeoutMs: 10_000,
        }),
    },
    {
      provide: CacheAside,
      inject: [VersionedCacheStore, MetricsRegistry],
      useFactory: (store: VersionedCacheStore, metrics: MetricsRegistry) =>
        new CacheAside(store, { tombstoneTtlMs: config.CACHE_TOMBSTONE_TTL_MS, ttlJitter: 0.1 }, metrics),
    },
    {
      provide: CACHE_INVALIDATION_SETTINGS,
      useValue: {
        queue: config.CACHE_INVALIDATION_QUEUE,
        prefetch: config.CACHE_INVALIDATION_PREFETCH,
      } satisfies CacheInvalidationSettings,
    },
    CacheInvalidationConsumer,
  ];
}
