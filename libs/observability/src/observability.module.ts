import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './health/readiness-check';
import { ServiceLifecycle } from './health/service-lifecycle';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics-registry';
import { ServiceIdentity } from './runtime/service-identity';

/** How the service builds its readiness checks from its (global) dependency providers. */
export interface ReadinessChecksFactory {
  inject: InjectionToken[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...dependencies: any[]) => ReadinessCheck[];
}

/** Health probes, Prometheus metrics and the lifecycle state behind them, for one service. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(service: string, readiness: ReadinessChecksFactory): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [
        ServiceLifecycle,
        { provide: ServiceIdentity, useValue: new ServiceIdentity(service) },
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(service) },
        { provide: READINESS_CHECKS, inject: readiness.inject, useFactory: readiness.useFactory },
      ],
      exports: [ServiceLifecycle, MetricsRegistry, ServiceIdentity],
    };
  }
}
