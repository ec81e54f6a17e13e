import type { INestApplication } from '@nestjs/common';
import { startService } from '@ppm/observability';
import type { SandboxConfig } from './sandbox.config';
import { SandboxModule } from './sandbox.module';

/** Starts the gateway sandbox. */
export function startSandbox(config: SandboxConfig): Promise<INestApplication> {
  return startService(SandboxModule.forRoot(config), { service: 'gateway-sandbox', config });
}
