/** A user of the message bus: a role has the same name and password on NATS and on RabbitMQ. */
export interface BusIdentity {
  readonly user: string;
  readonly password: string;
}

/**
 * The development users of each bus role, as tools/bus/ defines them for tools/infra.sh, docker-compose.yml and the
 * tests: each app's defaults outside production. Production supplies its own (NATS_USER / NATS_PASSWORD or
 * NATS_CREDS_FILE, and the userinfo of AMQP_URL). See docs/bus-identity.md for what each role may do.
 */
export const DEV_BUS_IDENTITIES = {
  command: { user: 'ppm-command', password: 'ppm-command-dev' },
  query: { user: 'ppm-query', password: 'ppm-query-dev' },
  worker: { user: 'ppm-worker', password: 'ppm-worker-dev' },
  gateway: { user: 'ppm-gateway', password: 'ppm-gateway-dev' },
  /** Other platform services, operators' tools and the tests' requests: public commands and queries only. */
  caller: { user: 'ppm-caller', password: 'ppm-caller-dev' },
  /** The notification context, answering the worker's notification requests (NATS only). */
  notifier: { user: 'ppm-notifier', password: 'ppm-notifier-dev' },
  /** Operators' dead-letter tooling (`npm run ppm -- dlq:*`): reads DLQs, requeues to work queues (RabbitMQ only). */
  operator: { user: 'ppm-operator', password: 'ppm-operator-dev' },
  /** `npm run bench`'s NATS ceiling: an echo subject of its own (NATS only). */
  bench: { user: 'ppm-bench', password: 'ppm-bench-dev' },
  /** The billing context, the only publisher of `bum.events` (RabbitMQ only). */
  billing: { user: 'bum-billing', password: 'bum-billing-dev' },
} as const satisfies Record<string, BusIdentity>;

/** A role on the bus. */
export type BusRole = keyof typeof DEV_BUS_IDENTITIES;

/** `url` (e.g. an AMQP URL) with `identity` as its userinfo instead of whatever it had. */
export function withUserInfo(url: string, identity: BusIdentity): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(identity.user);
  parsed.password = encodeURIComponent(identity.password);
  return parsed.toString().replace(/\/$/, '');
}
