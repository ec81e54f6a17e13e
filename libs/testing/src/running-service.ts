import type { INestApplication } from '@nestjs/common';
import { listeningPort, loadConfig } from '@ppm/observability';
import { testInfra } from './test-infra';

/** A service started in-process on a free port for a test. */
export interface RunningService {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** The test broker's URL as the user of the app's own default AMQP_URL (its role), if the app uses RabbitMQ. */
function ownAmqpUrl(configClass: new () => object): string | undefined {
  const own = (new configClass() as { AMQP_URL?: string }).AMQP_URL;
  if (!own) return undefined;
  const { username, password } = new URL(own);
  const url = new URL(testInfra.amqpUrl);
  url.username = username;
  url.password = password;
  return url.toString().replace(/\/$/, '');
}

/**
 * Starts a service the way its `main` does (same config loading, same start function), on a free port with quiet
 * logs, pointed at the test servers as its own bus user unless `env` says otherwise.
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
    AMQP_URL: ownAmqpUrl(configClass),
    NATS_URL: process.env['NATS_URL'],
    ...env,
  });
  const app = await start(config);
  return { app, baseUrl: `http://127.0.0.1:${listeningPort(app)}`, close: () => app.close() };
}
