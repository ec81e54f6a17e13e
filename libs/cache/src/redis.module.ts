import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RedisClient } from './redis-client';

/** Provides the process's RedisClient to the whole app. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string, connectionName: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: RedisClient, useFactory: () => new RedisClient(url, connectionName) }],
      exports: [RedisClient],
    };
  }
}
