import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '@ppm/observability';
import { GatewayUrlAllowlist, type GatewayUrlSettings } from './outbound/gateway-url-allowlist';
import { PaymentGateways } from './payment-gateways';
import { BreakerRegistry, type BreakerSettings } from './resilience/breaker-registry';
import { GatewayHttpClient, type GatewayHttpSettings } from './resilience/gateway-http-client';

/** Settings of every outbound gateway call of a process, and where those calls may go. */
export type GatewaysSettings = BreakerSettings & GatewayHttpSettings & { urls: GatewayUrlSettings };

/** Stops the breakers' timers when the app closes. */
class BreakerShutdown implements OnApplicationShutdown {
  constructor(private readonly breakers: BreakerRegistry) {}

  onApplicationShutdown(): void {
    this.breakers.shutdown();
  }
}

/**
 * Provides PaymentGateways (adapters behind timeouts, retries and per-configuration breakers) and the platform's
 * GatewayUrlAllowlist to the app.
 */
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
        { provide: GatewayUrlAllowlist, useValue: new GatewayUrlAllowlist(settings.urls) },
        {
          provide: PaymentGateways,
          inject: [BreakerRegistry, MetricsRegistry, GatewayUrlAllowlist],
          useFactory: (breakers: BreakerRegistry, metrics: MetricsRegistry, urls: GatewayUrlAllowlist) =>
            new PaymentGateways(new GatewayHttpClient(breakers, settings, metrics, urls)),
        },
      ],
      exports: [PaymentGateways, GatewayUrlAllowlist],
    };
  }
}
