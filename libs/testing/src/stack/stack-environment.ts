import type { BusRole } from '@ppm/observability';
import type { AppEnv, StackApp } from './stack-options';

/** Where a stack's parts are, as far as they exist. */
export interface StackAddresses {
  databaseUrl?: string;
  /** The same database on a read replica, for the query service. */
  databaseReadUrl?: string;
  sandboxUrl?: string;
  /** The worker's HTTP address, fixed before it starts so the sandbox and the command service can call it. */
  workerPort?: number;
  natsUrl?: string;
  redisUrl?: string;
  /** The broker as `role`'s user, when the stack has a broker of its own. */
  amqpUrlAs?: (role: BusRole) => string;
}

const WEBHOOK_PATH = '/api/v1/internal/ppm/gateway/webhook';

const urlOf = (port: number): string => `http://127.0.0.1:${port}`;

/**
 * The environment that wires `app` into the stack: the gateway sandbox calls the worker's webhooks, the command
 * service and the worker call the sandbox, the command service tells gateways the worker's address; the query
 * service uses the stack's Redis (and its read replica); every app its own user on the stack's broker.
 */
export function wiringOf(app: StackApp, at: StackAddresses): AppEnv {
  const workerUrl = at.workerPort === undefined ? undefined : urlOf(at.workerPort);
  const env: AppEnv = {
    ...(at.databaseUrl ? { DATABASE_URL: at.databaseUrl } : {}),
    ...(at.natsUrl ? { NATS_URL: at.natsUrl } : {}),
    ...(at.amqpUrlAs ? { AMQP_URL: at.amqpUrlAs(app) } : {}),
  };
  if (app === 'command') {
    if (at.sandboxUrl) env['GATEWAY_DEFAULT_BASE_URL'] = at.sandboxUrl;
    if (workerUrl) env['WORKER_PUBLIC_URL'] = workerUrl;
  }
  if (app === 'worker') {
    if (at.workerPort !== undefined) env['PORT'] = String(at.workerPort);
    if (at.sandboxUrl) env['GATEWAY_DEFAULT_BASE_URL'] = at.sandboxUrl;
  }
  if ((app === 'query' || app === 'command') && at.redisUrl) env['REDIS_URL'] = at.redisUrl;
  if (app === 'query' && at.databaseReadUrl) env['DATABASE_READ_URL'] = at.databaseReadUrl;
  return env;
}

/** The gateway sandbox's wiring: its public address on `port`, and the worker's webhooks as its default IPN. */
export function sandboxWiringOf(port: number, at: StackAddresses): AppEnv {
  return {
    PORT: String(port),
    SANDBOX_PUBLIC_URL: urlOf(port),
    ...(at.workerPort === undefined ? {} : { SANDBOX_DEFAULT_IPN_URL: `${urlOf(at.workerPort)}${WEBHOOK_PATH}` }),
  };
}
