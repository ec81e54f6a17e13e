import type { OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { ReadinessCheck } from '@ppm/observability';

/** The Sentinels (`host:port` each) and the name of the group whose primary they point to. */
export interface RedisSentinelSettings {
  hosts: readonly string[];
  master: string;
  /** The Sentinels' own password, when they ask for one. */
  password?: string;
}

function hostAndPort(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(':');
  return { host: text.slice(0, at), port: Number(text.slice(at + 1)) };
}

/**
 * The process's Redis connection. Commands fail at once while Redis is unreachable (no offline queue), so callers
 * can fall back to Postgres instead of hanging; the client keeps reconnecting in the background.
 */
export class RedisClient extends Redis implements OnApplicationShutdown {
  /** With `sentinel`, the Sentinels name the primary to connect to, again after a failover; `url` gives the rest. */
  constructor(url: string, connectionName: string, sentinel?: RedisSentinelSettings) {
    super(url, {
      ...(sentinel && {
        sentinels: sentinel.hosts.map(hostAndPort),
        name: sentinel.master,
        sentinelPassword: sentinel.password,
        // A failover makes the old primary a replica: writes there fail READONLY, so find the primary again.
        reconnectOnError: (error) => error.message.startsWith('READONLY'),
      }),
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
