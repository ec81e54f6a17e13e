import type { ConnectRequester } from '../test-requester';

/** PPM's apps a stack can run as processes from dist/ (the gateway sandbox has an option of its own). */
export type StackApp = 'command' | 'query' | 'worker' | 'gateway';

/** A server an app reaches through a `TcpHop` the test controls, instead of directly. */
export type HoppedServer = 'database' | 'nats';

/** Environment variables of one process. */
export type AppEnv = Record<string, string>;

/** What a test stack starts and how, beside the shared servers. Everything is optional: a stack has what it names. */
export interface StackOptions {
  /** Names the stack's NATS clients. */
  name: string;
  /** Prepares a database of the stack's own (e.g. `migrateDatabase` of `@ppm/migrations`); no database without it. */
  migrate?: (url: string) => Promise<void>;
  /** Starts the gateway sandbox, with this environment over the stack's wiring. */
  sandbox?: AppEnv;
  /** The apps to start (together, after the sandbox), each with its environment over the stack's wiring. */
  apps?: Partial<Record<StackApp, AppEnv>>;
  /** Environment of every process, under the wiring and each process's own (e.g. `LOG_LEVEL`). */
  commonEnv?: AppEnv;
  /** The stack's database on a Postgres server of its own (for tests that shut it down); needs `migrate`. */
  privatePostgres?: boolean;
  /** A streaming replica of that private Postgres, where the query service reads (DATABASE_READ_URL). */
  readReplica?: boolean;
  /** A RabbitMQ node of the stack's own (for tests that stop it). */
  privateRabbitMq?: boolean;
  /** A Redis of the stack's own for the query and command services (for tests that stop it). */
  privateRedis?: boolean;
  /** A NATS of the stack's own, so no other test's services join its queue groups. */
  privateNats?: boolean;
  /** Servers each app reaches through a hop of its own, which the test slows, blackholes or resets (`hop()`). */
  hops?: Partial<Record<StackApp, readonly HoppedServer[]>>;
  /** A NATS requester sending each subject as the role that sends it in production (see `TestRequester`). */
  requester?: { connect: ConnectRequester; requestTimeoutMs: number };
  /** Queues and exchanges the apps declare on the shared broker under names of the test's own: deleted at the end. */
  sharedTopology?: { queues: readonly string[]; exchanges: readonly string[] };
}
