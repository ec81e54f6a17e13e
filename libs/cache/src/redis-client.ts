import type { OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { ReadinessCheck } from '@ppm/observability';

/**
 * The process's Redis connection. Commands fail at once while Redis is unreachable (no offline queue), so callers
 * can fall back to Postgres instead of hanging; the client keeps reconnecting in the background.
 */
export class RedisClient extends Redis implements OnApplicationShutdown {
  constructor(url: string, connectionName: string) {
    super(url, {
      connectionName,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
      lazyConnect: false,
    });
    // Connection errors are reported by readiness and by failing commands; without a listener ioredis prints them.
    this.on('error', () => undefined);
  }

  /** Readiness: Redis answers PING. */
  readinessCheck(): ReadinessCheck {
    return { name: 'redis', check: async () => void (await this.ping()) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.quit().catch(() => this.disconnect());
  }
}
