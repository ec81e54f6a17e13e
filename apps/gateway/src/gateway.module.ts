import { Module, type DynamicModule } from '@nestjs/common';
import { NatsRequester, NatsRequesterModule } from '@ppm/messaging';
import { ObservabilityModule } from '@ppm/observability';
import type { GatewayConfig } from './gateway.config';
import { SystemPingHttpController } from './system/system-ping.http.controller';

/** The HTTP edge for the admin UI and internal callers: each route is one NATS request. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', {
          inject: [NatsRequester],
          useFactory: (nats: NatsRequester) => [nats.readinessCheck()],
        }),
        NatsRequesterModule.forRoot({
          url: config.NATS_URL,
          name: 'ppm-gateway',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
        }),
      ],
      controllers: [SystemPingHttpController],
    };
  }
}
