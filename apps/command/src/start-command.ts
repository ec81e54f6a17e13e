import type { INestApplication } from '@nestjs/common';
import { QueueGroups } from '@ppm/contracts';
import { DrainingNatsServer, natsCredentialsOf } from '@ppm/messaging';
import { startService } from '@ppm/observability';
import type { CommandConfig } from './command.config';
import { CommandModule } from './command.module';

/** Starts the command service: HTTP for probes and metrics, NATS in the `ppm-command` queue group. */
export function startCommand(config: CommandConfig): Promise<INestApplication> {
  return startService(CommandModule.forRoot(config), {
    service: 'command',
    config,
    microservice: {
      strategy: new DrainingNatsServer({
        url: config.NATS_URL,
        queue: QueueGroups.command,
        name: 'ppm-command',
        gracePeriodMs: config.SHUTDOWN_GRACE_MS,
        credentials: natsCredentialsOf(config),
      }),
    },
  });
}
