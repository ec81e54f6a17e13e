import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CONSUMER_HOST_SETTINGS, ConsumerHost, type ConsumerHostSettings } from './consumer-host';

/**
 * Hosts the app's `@MessageConsumer()` providers (see `ConsumerHost`). Global, so the app's readiness checks can
 * include the host's.
 */
@Global()
@Module({})
export class ConsumerHostModule {
  static forRoot(settings: ConsumerHostSettings): DynamicModule {
    return {
      module: ConsumerHostModule,
      imports: [DiscoveryModule],
      providers: [{ provide: CONSUMER_HOST_SETTINGS, useValue: settings }, ConsumerHost],
      exports: [ConsumerHost],
    };
  }
}
