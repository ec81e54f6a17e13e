import type { INestApplication } from '@nestjs/common';
import { startService } from '@ppm/observability';
import type { CommandConfig } from '../command.config';
import { RelayModule } from './relay.module';

/** Starts the outbox relay in a process of its own: HTTP for probes and metrics, no NATS. */
export function startRelay(config: CommandConfig): Promise<INestApplication> {
  return startService(RelayModule.forRoot(config), { service: 'command-relay', config });
}
