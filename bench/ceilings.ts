// The ceilings of the substrate on this machine, as a table: each PPM figure is read beside the raw cost of the
// server work it cannot avoid (a NATS round trip, a Postgres transaction with an outbox row, ...).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { CEILING_SCHEMA, type BenchWorkload, type ScenarioResult } from './bench-scenario';
import { withDatabase } from './bench-database';
import { ALIAS_HOOK, DIST_BENCH, POOL_SIZE, servers } from './bench-settings';
import { runScenario, type ScenarioSpec } from './scenario-runner';

/** What a ceiling needs running around it: how to take it down again, and the origin it serves HTTP on, if any. */
type Fixture = () => Promise<{ tearDown: () => Promise<void>; origin?: string }>;

/** A trivial NATS responder on the echo subject, in a process of its own. */
const echoResponder: Fixture = async () => {
  const responder = fork(join(DIST_BENCH, 'nats-echo-responder.js'), [], {
    execArgv: ALIAS_HOOK,
    env: { ...process.env, NATS_URL: servers.natsUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    responder.once('message', () => resolve());
    responder.once('exit', (code) => reject(new Error(`the NATS echo responder exited with ${code}`)));
  });
  return {
    tearDown: () => {
      responder.kill('SIGTERM');
      return Promise.resolve();
    },
  };
};

/** A plain Fastify server answering a fixed JSON body (bench/bare-fastify-server.ts), in a process of its own. */
const bareFastify: Fixture = async () => {
  const server = fork(join(DIST_BENCH, 'bare-fastify-server.js'), [], {
    execArgv: ALIAS_HOOK,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (message: { port: number }) => resolve(message.port));
    server.once('exit', (code) => reject(new Error(`the bare Fastify server exited with ${code}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    tearDown: () => {
      server.kill('SIGTERM');
      return Promise.resolve();
    },
  };
};

/** The two tables of the Postgres ceiling, in a schema of their own, dropped afterwards. */
const ceilingSchema: Fixture = async () => {
  await withDatabase(async (db) => {
    await db.query(`DROP SCHEMA IF EXISTS ${CEILING_SCHEMA} CASCADE`);
    await db.query(`CREATE SCHEMA ${CEILING_SCHEMA}`);
    await db.query(`CREATE TABLE ${CEILING_SCHEMA}.rows (id uuid PRIMARY KEY, tenant_id uuid NOT NULL,
      amount bigint NOT NULL, status text NOT NULL, details jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE INDEX ON ${CEILING_SCHEMA}.rows (tenant_id)`);
    await db.query(`CREATE TABLE ${CEILING_SCHEMA}.outbox (id uuid PRIMARY KEY, aggregate_id uuid NOT NULL,
      event_type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)`);
  });
  return {
    tearDown: async () => {
      await withDatabase((db) => db.query(`DROP SCHEMA IF EXISTS ${CEILING_SCHEMA} CASCADE`));
    },
  };
};

/**
 * One ceiling: its scenario, with the workload made from its fixture's origin, and what must run around it (set up
 * once for consecutive ceilings sharing it).
 */
interface Ceiling extends Omit<ScenarioSpec, 'workload'> {
  workload: (origin: string) => BenchWorkload;
  fixture?: Fixture;
}

/** The edge's scenarios run at this concurrency, and so does their ceiling. */
export const HTTP_CONCURRENCY = 64;

/** The ceilings in the order they are measured; PPM's figures name theirs by id. */
const CEILINGS: readonly Ceiling[] = [
  {
    id: 'nats-seq',
    title: 'NATS request/reply, sequential',
    workload: () => ({ kind: 'nats-echo' }),
    load: { concurrency: 1, durationMs: 3_000, warmupMs: 500 },
    fixture: echoResponder,
  },
  {
    id: 'nats-64',
    title: 'NATS request/reply, 64 in flight',
    workload: () => ({ kind: 'nats-echo' }),
    load: { concurrency: 64, durationMs: 5_000 },
    fixture: echoResponder,
  },
  {
    id: 'fastify',
    title: `bare Fastify GET, fixed JSON body (${HTTP_CONCURRENCY} in flight)`,
    workload: (origin) => ({ kind: 'http-get', origin, headers: {}, paths: ['/'] }),
    load: { concurrency: HTTP_CONCURRENCY, durationMs: 5_000 },
    fixture: bareFastify,
  },
  {
    id: 'pg',
    title: `Postgres BEGIN; INSERT row; INSERT outbox row; COMMIT (${POOL_SIZE} clients)`,
    workload: () => ({ kind: 'pg-insert-outbox' }),
    load: { concurrency: POOL_SIZE, durationMs: 5_000 },
    fixture: ceilingSchema,
  },
  {
    id: 'redis',
    title: 'Redis GET (50 clients)',
    workload: () => ({ kind: 'redis-get' }),
    load: { concurrency: 50, durationMs: 4_000 },
  },
  {
    id: 'rabbit',
    title: 'RabbitMQ persistent publish → confirm + delivery (16 in flight)',
    workload: () => ({ kind: 'rabbit-round-trip' }),
    load: { concurrency: 16, durationMs: 4_000 },
  },
];

/** Measures every ceiling, by id. */
export async function measureCeilings(): Promise<Record<string, ScenarioResult>> {
  const ceilings: Record<string, ScenarioResult> = {};
  let index = 0;
  while (index < CEILINGS.length) {
    const fixture = CEILINGS[index]?.fixture;
    let end = index + 1;
    while (fixture && CEILINGS[end]?.fixture === fixture) end += 1;
    const running = await fixture?.();
    try {
      for (const { workload, ...ceiling } of CEILINGS.slice(index, end)) {
        ceilings[ceiling.id] = await runScenario({ ...ceiling, workload: workload(running?.origin ?? '') });
      }
    } finally {
      await running?.tearDown();
    }
    index = end;
  }
  return ceilings;
}
