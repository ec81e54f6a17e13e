import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisClient } from './redis-client';

/** The Redis settings of an app's configuration (`WithRedis`). */
export interface RedisConnectionSettings {
  REDIS_URL: string;
  REDIS_SENTINELS?: readonly string[];
  REDIS_SENTINEL_MASTER: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

/** Provides the process's RedisClient to the whole app. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(settings: RedisConnectionSettings, connectionName: string): DynamicModule {
    const sentinel = settings.REDIS_SENTINELS && {
      hosts: settings.REDIS_SENTINELS,
      master: settings.REDIS_SENTINEL_MASTER,
      password: settings.REDIS_SENTINEL_PASSWORD,
    };
    return {
      module: RedisModule,
      providers: [
        { provide: RedisClient, useFactory: () => new RedisClient(settings.REDIS_URL, connectionName, sentinel) },
      ],
      exports: [RedisClient],
    };
  }
}
