import type { INestApplication } from '@nestjs/common';
import { startService } from '@ppm/observability';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** Starts the HTTP edge. */
export function startGateway(config: GatewayConfig): Promise<INestApplication> {
  return startService(GatewayModule.forRoot(config), { service: 'gateway', config });
}
