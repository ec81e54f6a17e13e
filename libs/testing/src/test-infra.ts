import { Socket } from 'node:net';
import { DEV_BUS_IDENTITIES, withUserInfo, type BusIdentity, type BusRole } from '@ppm/observability';

const ROLE_VARIABLE = (role: BusRole): string => role.toUpperCase();

/**
 * Where the integration tests find the four servers: the environment, else tools/infra.sh's local defaults. On the
 * bus a test acts as a role (tools/bus/): `natsAs(role)` and `amqpUrlAs(role)` give that role's user, its
 * development one unless NATS_USER_<ROLE> / NATS_PASSWORD_<ROLE> / AMQP_URL_<ROLE> (e.g. AMQP_URL_WORKER) say
 * otherwise. `amqpUrl` is the broker's administrator, for a test's own topology, observers and cleanup.
 */
export const testInfra = {
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  amqpUrl: process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',

  /** `role`'s NATS user and password. */
  natsAs(role: BusRole): BusIdentity {
    const name = ROLE_VARIABLE(role);
    return {
      user: process.env[`NATS_USER_${name}`] ?? DEV_BUS_IDENTITIES[role].user,
      password: process.env[`NATS_PASSWORD_${name}`] ?? DEV_BUS_IDENTITIES[role].password,
    };
  },

  /** The shared broker's AMQP URL as `role`'s user. */
  amqpUrlAs(role: BusRole): string {
    return process.env[`AMQP_URL_${ROLE_VARIABLE(role)}`] ?? withUserInfo(testInfra.amqpUrl, DEV_BUS_IDENTITIES[role]);
  },
};

type Server = 'postgres' | 'redis' | 'rabbitmq' | 'nats';

const urlOf: Record<Server, () => string> = {
  postgres: () => testInfra.databaseUrl,
  redis: () => testInfra.redisUrl,
  rabbitmq: () => testInfra.amqpUrl,
  nats: () => testInfra.natsUrl,
};

/**
 * Fails (never skips) when a server the test needs does not accept connections, saying how to start it.
 * Call it in `beforeAll`.
 */
export async function requireServers(...servers: Server[]): Promise<void> {
  const down: string[] = [];
  await Promise.all(
    servers.map(async (server) => {
      const { hostname, port } = new URL(urlOf[server]());
      if (!(await accepts(hostname, Number(port)))) down.push(`${server} at ${hostname}:${port}`);
    }),
  );
  if (down.length > 0) {
    throw new Error(
      `Integration test needs ${down.join(', ')}, which did not answer. Start the servers with \`npm run infra:up\` ` +
        '(or run `npm test`, which starts them), or point DATABASE_URL / REDIS_URL / AMQP_URL / NATS_URL at yours.',
    );
  }
}

/** Whether something accepts TCP connections on host:port (2 s at most). */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}
