import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '@ppm/observability';
import { PaymentGateways } from './payment-gateways';
import { BreakerRegistry, type BreakerSettings } from './resilience/breaker-registry';
import { GatewayHttpClient, type GatewayHttpSettings } from './resilience/gateway-http-client';

/** Settings of every outbound gateway call of a process. */
export type GatewaysSettings = BreakerSettings & GatewayHttpSettings;

/** Stops the breakers' timers when the app closes. */
class BreakerShutdown implements OnApplicationShutdown {
  constructor(private readonly breakers: BreakerRegistry) {}

  onApplicationShutdown(): void {
    this.breakers.shutdown();
  }
}

/** Provides PaymentGateways (adapters behind timeouts, retries and per-configuration breakers) to the app. */
@Global()
@Module({})
export class GatewaysModule {
  static forRoot(settings: GatewaysSettings): DynamicModule {
    return {
      module: GatewaysModule,
      providers: [
        {
          provide: BreakerRegistry,
          inject: [MetricsRegistry],
          useFactory: (metrics: MetricsRegistry) => new BreakerRegistry(settings, metrics),
        },
        {
          provide: BreakerShutdown,
          inject: [BreakerRegistry],
          useFactory: (breakers: BreakerRegistry) => new BreakerShutdown(breakers),
        },
        {
          provide: PaymentGateways,
          inject: [BreakerRegistry, MetricsRegistry],
          useFactory: (breakers: BreakerRegistry, metrics: MetricsRegistry) =>
            new PaymentGateways(new GatewayHttpClient(breakers, settings, metrics)),
        },
      ],
      exports: [PaymentGateways],
    };
  }
}
