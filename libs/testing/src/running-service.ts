import type { INestApplication } from '@nestjs/common';
import { listeningPort, loadConfig } from '@ppm/observability';

/** A service started in-process on a free port for a test. */
export interface RunningService {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a service the way its `main` does (same config loading, same start function), on a free port with quiet
 * logs, pointed at the test servers unless `env` says otherwise.
 */
export async function startForTest<C extends object>(
  configClass: new () => C,
  start: (config: C) => Promise<INestApplication>,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningService> {
  const config = loadConfig(configClass, {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    SHUTDOWN_GRACE_MS: '1000',
    DATABASE_URL: process.env['DATABASE_URL'],
    REDIS_URL: process.env['REDIS_URL'],
    AMQP_URL: process.env['AMQP_URL'],
    NATS_URL: process.env['NATS_URL'],
    ...env,
  });
  const app = await start(config);
  return { app, baseUrl: `http://127.0.0.1:${listeningPort(app)}`, close: () => app.close() };
}
