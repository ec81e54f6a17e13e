// `npm run bench` (through tools/bench.sh, which builds, starts the servers and migrates first): measures the raw
// ceilings of the substrate on this machine, then PPM's paths on its own app processes, and writes
// bench/results/<date>.md and .json. Each scenario's load comes from a forked generator process, bounded in time
// and count. BENCH_SCALE (default 1) scales every measured window, e.g. 0.3 for a quick look.
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect as connectAmqp, type ChannelModel } from 'amqplib';
import { connect as connectNats, JSONCodec, type NatsConnection } from 'nats';
import { Client } from 'pg';
import {
  CEILING_SCHEMA,
  type BenchMerchants,
  type BenchPayment,
  type BenchScenario,
  type BenchServers,
  type BenchWorkload,
  type GeneratorMessage,
  type ScenarioResult,
} from './bench-scenario';
import {
  markdown,
  terminalTables,
  verdict,
  writeReport,
  type BenchReport,
  type Figure,
  type OutboxLag,
} from './bench-report';
import {
  completeAtSandbox,
  freePort,
  freshMerchants,
  LOG_DIR,
  sandboxCall,
  setSandboxLatency,
  startBenchApp,
  type BenchApp,
} from './bench-stack';
import { natsAuthOptions } from '@ppm/messaging';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';
import { CpuMeter, pidsNamed } from './cpu-meter';
import { LatencySamples } from './latency-summary';

const ROOT = join(__dirname, '..', '..');
const DIST_BENCH = __dirname;
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const codec = JSONCodec();

const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const REALISTIC_LATENCY_MS = Number(process.env['BENCH_SANDBOX_LATENCY_MS'] ?? 150);
const SEED_ROWS = Number(process.env['BENCH_SEED_ROWS'] ?? 40_000);
const POOL_SIZE = Number(process.env['DATABASE_POOL_SIZE'] ?? 10);
const GATEWAYS = ['VNPAY', 'MOMO', 'ZALOPAY'] as const;
/** BENCH_ONLY=reads|writes runs one group of PPM scenarios, without the ceilings (e.g. while profiling an app). */
const ONLY = process.env['BENCH_ONLY'];
const runs = (group: 'ceilings' | 'reads' | 'writes'): boolean => !ONLY || ONLY === group;

const servers: BenchServers = {
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  amqpUrl: process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
};

/** Set once the apps run: every PPM scenario then reports the CPU each process spent per operation. */
let cpuMeter: CpuMeter | undefined;

const say = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
};
const seconds = (ms: number): number => Math.max(1, Math.round((ms * SCALE) / 1000)) * 1000;

/** Runs one scenario in a forked generator, printing progress; kills the generator if it overstays. */
function runScenario(
  id: string,
  title: string,
  workload: BenchWorkload,
  options: { concurrency: number; durationMs: number; warmupMs?: number; maxOperations?: number },
): Promise<ScenarioResult> {
  const scenario: BenchScenario = {
    id,
    title,
    workload,
    concurrency: options.concurrency,
    warmupMs: options.warmupMs ?? 1_500,
    durationMs: seconds(options.durationMs),
    maxOperations: options.maxOperations,
    servers,
  };
  const total = `${scenario.durationMs / 1000}s`;
  const meter = cpuMeter;
  meter?.start();
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(join(DIST_BENCH, 'load-generator.js'), [], {
      execArgv: ['-r', join(ROOT, 'tools', 'register-aliases.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const limit = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error(`${title}: the generator did not finish in time`));
      },
      scenario.warmupMs + scenario.durationMs + 60_000,
    );
    let result: ScenarioResult | undefined;
    child.on('message', (message: GeneratorMessage) => {
      if (message.type === 'progress') {
        const at = `${Math.floor(message.elapsedMs / 1000)}s`;
        say(
          message.phase === 'warm-up'
            ? `${title} warm-up ${at}`
            : `${title} ${at}/${total} ${message.ok} ok ${message.errors} err`,
        );
      } else if (message.type === 'result') {
        result = message.result;
      } else {
        clearTimeout(limit);
        reject(new Error(`${title}: ${message.message}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(limit);
      if (!result) {
        reject(new Error(`${title}: the generator exited (${code}) without a result`));
        return;
      }
      if (meter && result.operations > 0) {
        const perOperation: Record<string, number> = {};
        for (const [group, ms] of Object.entries(meter.stop())) {
          perOperation[group] = Math.round((ms / result.operations) * 1000) / 1000;
        }
        result.cpuMsPerOperation = perOperation;
      }
      const l = result.latencyMs;
      say(
        `${title}: ${result.throughput}/s, p50 ${l.p50} p95 ${l.p95} p99 ${l.p99} ms, ${result.errors} errors ` +
          `(${result.ok} ok in ${result.measuredSeconds}s, ${result.concurrency} in flight)`,
      );
      resolve(result);
    });
    child.send(scenario);
  });
}

function machine(): BenchReport['machine'] {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function withDatabase<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: servers.databaseUrl, application_name: 'ppm-bench' });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * Seeds one more tenant with `SEED_ROWS` payments for the read scenarios, through the seed tool as `npm run seed`
 * runs it (which ends with ANALYZE); returns the tenant and its payment ids, shuffled.
 */
async function seedReadTenant(seed: number): Promise<{ tenantId: string; paymentIds: string[] }> {
  say(`seeding ${SEED_ROWS} payments of one more tenant for the read scenarios`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      join(ROOT, 'tools', 'register-aliases.js'),
      join(ROOT, 'dist', 'tools', 'seed.js'),
      ...['--rows', String(SEED_ROWS), '--tenants', '1', '--seed', String(seed)],
    ],
    { env: { ...process.env, DATABASE_URL: servers.databaseUrl } },
  );
  const tenantId = /largest tenant (\S+)/.exec(stdout)?.[1];
  if (!tenantId) throw new Error(`the seed did not name its tenant: ${stdout.slice(-500)}`);
  const { rows } = await withDatabase((db) =>
    db.query<{ id: string }>('SELECT id FROM payment_transactions WHERE tenant_id = $1 ORDER BY random()', [tenantId]),
  );
  return { tenantId, paymentIds: rows.map((row) => row.id) };
}

/**
 * Waits until the outbox relay has published what the previous scenario committed (at most 60 s), so a scenario
 * is not measured while the machine still works off its predecessor's events. Events already tried (e.g. audit
 * events no consumer is bound to, which stay pending by design) are not a backlog.
 */
async function settle(): Promise<void> {
  await withDatabase(async (db) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'PENDING' AND attempts = 0`,
        )
      ).rows;
      const pending = row?.n ?? 0;
      if (pending === 0 || Date.now() > deadline) {
        if (pending > 0) say(`settling: ${pending} events still unsent after 60 s; measuring anyway`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
}

async function measureCeilings(): Promise<Record<string, ScenarioResult>> {
  const responder = fork(join(DIST_BENCH, 'nats-echo-responder.js'), [], {
    execArgv: ['-r', join(ROOT, 'tools', 'register-aliases.js')],
    env: { ...process.env, NATS_URL: servers.natsUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    responder.once('message', () => resolve());
    responder.once('exit', (code) => reject(new Error(`the NATS echo responder exited with ${code}`)));
  });
  const ceilings: Record<string, ScenarioResult> = {};
  try {
    ceilings['nats-seq'] = await runScenario(
      'nats-seq',
      'NATS request/reply, sequential',
      { kind: 'nats-echo' },
      {
        concurrency: 1,
        durationMs: 3_000,
        warmupMs: 500,
      },
    );
    ceilings['nats-64'] = await runScenario(
      'nats-64',
      'NATS request/reply, 64 in flight',
      { kind: 'nats-echo' },
      {
        concurrency: 64,
        durationMs: 5_000,
      },
    );
  } finally {
    responder.kill('SIGTERM');
  }
  await withDatabase(async (db) => {
    await db.query(`DROP SCHEMA IF EXISTS ${CEILING_SCHEMA} CASCADE`);
    await db.query(`CREATE SCHEMA ${CEILING_SCHEMA}`);
    await db.query(`CREATE TABLE ${CEILING_SCHEMA}.rows (id uuid PRIMARY KEY, tenant_id uuid NOT NULL,
      amount bigint NOT NULL, status text NOT NULL, details jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE INDEX ON ${CEILING_SCHEMA}.rows (tenant_id)`);
    await db.query(`CREATE TABLE ${CEILING_SCHEMA}.outbox (id uuid PRIMARY KEY, aggregate_id uuid NOT NULL,
      event_type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)`);
  });
  try {
    ceilings['pg'] = await runScenario(
      'pg',
      `Postgres BEGIN; INSERT row; INSERT outbox row; COMMIT (${POOL_SIZE} clients)`,
      { kind: 'pg-insert-outbox' },
      { concurrency: POOL_SIZE, durationMs: 5_000 },
    );
  } finally {
    await withDatabase((db) => db.query(`DROP SCHEMA IF EXISTS ${CEILING_SCHEMA} CASCADE`));
  }
  ceilings['redis'] = await runScenario(
    'redis',
    'Redis GET (50 clients)',
    { kind: 'redis-get' },
    {
      concurrency: 50,
      durationMs: 4_000,
    },
  );
  ceilings['rabbit'] = await runScenario(
    'rabbit',
    'RabbitMQ persistent publish → confirm + delivery (16 in flight)',
    { kind: 'rabbit-round-trip' },
    { concurrency: 16, durationMs: 4_000 },
  );
  return ceilings;
}

/** Watches the bench tenant's events on `ppm.events` through a private auto-delete queue. */
class EventWatch {
  /** Event id → when our consumer got it (ms since the epoch), for the events of measured phases. */
  readonly receivedAt = new Map<string, number>();
  readonly seen = new Map<string, number>();
  readonly succeeded = new Set<string>();
  measuring = true;

  private constructor(
    private readonly model: ChannelModel,
    private readonly tenantIds: Set<string>,
  ) {}

  static async start(tenantIds: Set<string>): Promise<EventWatch> {
    const model = await connectAmqp(servers.amqpUrl, { clientProperties: { connection_name: 'ppm-bench-events' } });
    const watch = new EventWatch(model, tenantIds);
    const channel = await model.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of ['ppm.payment.#', 'ppm.refund.#']) await channel.bindQueue(queue, 'ppm.events', key);
    await channel.consume(queue, (message) => message && watch.record(message.content), { noAck: true });
    return watch;
  }

  private record(content: Buffer): void {
    const receivedAt = Date.now();
    const event = JSON.parse(content.toString()) as { id: string; type: string; tenantId: string; aggregateId: string };
    if (!this.tenantIds.has(event.tenantId)) return;
    this.seen.set(event.id, (this.seen.get(event.id) ?? 0) + 1);
    if (event.type === 'ppm.payment.succeeded.v1') this.succeeded.add(event.aggregateId);
    if (this.measuring && !this.receivedAt.has(event.id)) this.receivedAt.set(event.id, receivedAt);
  }

  duplicates(): number {
    let count = 0;
    for (const times of this.seen.values()) if (times > 1) count += times - 1;
    return count;
  }

  /**
   * Outbox lag per event from the database's own clock: the row's `created_at` (its transaction's start, a few
   * ms before the commit; the envelope's occurredAt is earlier still, before the wait for a pool connection) to
   * `sent_at` (marked sent after the broker's confirm) and to our consumer's receipt.
   */
  async lag(tenantId: string): Promise<Omit<OutboxLag, 'ceiling' | 'aim'>> {
    const rows = await withDatabase(async (db) => {
      const { rows: found } = await db.query<{ id: string; type: string; created: number; sent: number | null }>(
        `SELECT id, event_type AS type, extract(epoch FROM created_at) * 1000 AS created,
                extract(epoch FROM sent_at) * 1000 AS sent
           FROM outbox_events
          WHERE tenant_id = $1 AND (event_type LIKE 'ppm.payment.%' OR event_type LIKE 'ppm.refund.%')`,
        [tenantId],
      );
      return found;
    });
    const all = new LatencySamples();
    const confirmed = new LatencySamples();
    const byType = new Map<string, LatencySamples>();
    let unsent = 0;
    for (const row of rows) {
      if (row.sent === null) unsent += 1;
      const received = this.receivedAt.get(row.id);
      if (received === undefined) continue;
      const lag = received - Number(row.created);
      all.add(lag);
      if (row.sent !== null) confirmed.add(Number(row.sent) - Number(row.created));
      let samples = byType.get(row.type);
      if (!samples) byType.set(row.type, (samples = new LatencySamples()));
      samples.add(lag);
    }
    const perType: OutboxLag['perType'] = {};
    for (const [type, samples] of byType) perType[type] = samples.summary();
    return {
      events: all.count,
      duplicates: this.duplicates(),
      unsent,
      perType,
      latencyMs: all.summary(),
      commitToConfirmMs: confirmed.summary(),
    };
  }

  async stop(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}

async function natsRequest<T>(nats: NatsConnection, subject: string, tenantId: string, data: unknown): Promise<T> {
  const message = await nats.request(subject, codec.encode({ meta: { tenantId, traceId: randomUUID() }, data }), {
    timeout: 30_000,
  });
  const reply = codec.decode(message.data) as { success: boolean; data: T; error?: unknown };
  if (!reply.success) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
  return reply.data;
}

/** The apps that would answer our NATS subjects: `npm start`'s, on the same NATS, would share our queue groups. */
async function refuseForeignResponders(nats: NatsConnection): Promise<void> {
  const answered = await nats
    .request('ppm.query.system.ping', codec.encode({ meta: { tenantId: randomUUID(), traceId: 'bench' }, data: {} }), {
      timeout: 1_000,
    })
    .then(
      () => true,
      () => false,
    );
  if (answered) {
    throw new Error(
      `PPM services already answer on ${servers.natsUrl} (\`npm start\`? another run?): they would share the bench's ` +
        'queue groups. Stop them (`npm stop`) or point NATS_URL at a NATS of the bench.',
    );
  }
}

async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function reconciliation(): unknown {
  const script = join(DIST_BENCH, 'reconciliation-million.js');
  if (!existsSync(script)) return null;
  say('reconciliation of a million settlement lines (optional scenario)');
  return new Promise((resolve) => {
    const child = fork(script, [], {
      execArgv: ['-r', join(ROOT, 'tools', 'register-aliases.js')],
      env: { ...process.env, DATABASE_URL: servers.databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('exit', (code) => {
      clearTimeout(limit);
      const line = output
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      try {
        resolve(line ? (JSON.parse(line) as unknown) : { failed: `exit ${code}`, output: output.slice(-500) });
      } catch {
        resolve({ failed: `exit ${code}`, output: output.slice(-500) });
      }
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  say(`machine: ${JSON.stringify(machine())}`);
  say(`servers: NATS ${servers.natsUrl}, Postgres/Redis/RabbitMQ from the environment or the local defaults`);

  // The bench drives PPM as an internal caller; its clean-up purges tenants as the worker, the only one allowed to.
  const control = await connectNats({
    servers: servers.natsUrl,
    name: 'ppm-bench',
    ...natsAuthOptions(DEV_BUS_IDENTITIES.caller),
  });
  const purger = await connectNats({
    servers: servers.natsUrl,
    name: 'ppm-bench-purge',
    ...natsAuthOptions(DEV_BUS_IDENTITIES.worker),
  });
  await refuseForeignResponders(control);

  say('ceilings of the substrate');
  const ceilings = runs('ceilings') ? await measureCeilings() : {};

  const apps: BenchApp[] = [];
  const tenantId = randomUUID();
  let seededTenant = '';
  // Its own invalidation queue, so another query service on this broker does not take the bench's events; deleted
  // at the end (it is bound to ppm.events and would fill up), its empty retry queues stay for the next run.
  const invalidationQueue = 'ppm.bench.cache-invalidation';
  let watch: EventWatch | undefined;
  try {
    say('starting the apps from dist/ (logs in tmp/bench/)');
    const [sandboxPort, workerPort, commandPort, queryPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const workerUrl = `http://127.0.0.1:${workerPort}`;
    // BENCH_PROFILE=<app> runs that app with V8's sampling profiler (read it with `node --prof-process <log>`).
    const profile = (app: string): string[] =>
      process.env['BENCH_PROFILE'] === app
        ? ['--prof', '--no-logfile-per-isolate', `--logfile=${join(LOG_DIR, `${app}.v8.log`)}`]
        : [];
    apps.push(
      await startBenchApp(
        'gateway-sandbox',
        sandboxPort,
        {
          SANDBOX_PUBLIC_URL: sandboxUrl,
          SANDBOX_DEFAULT_IPN_URL: `${workerUrl}/api/v1/internal/ppm/gateway/webhook`,
        },
        profile('gateway-sandbox'),
      ),
    );
    apps.push(
      await startBenchApp(
        'worker',
        workerPort,
        {
          JOBS_ENABLED: 'false',
          CONSUMERS_ENABLED: 'false',
          NOTIFICATIONS_ENABLED: 'false',
          // Every callback of the bench comes from the one sandbox address, at hundreds a second.
          WEBHOOK_RATE_LIMIT_PER_SOURCE: '10000000',
          WEBHOOK_RATE_LIMIT_PER_GATEWAY: '10000000',
        },
        profile('worker'),
      ),
    );
    apps.push(
      await startBenchApp(
        'command',
        commandPort,
        { GATEWAY_DEFAULT_BASE_URL: sandboxUrl, WORKER_PUBLIC_URL: workerUrl },
        profile('command'),
      ),
    );
    apps.push(
      await startBenchApp('query', queryPort, { CACHE_INVALIDATION_QUEUE: invalidationQueue }, profile('query')),
    );

    const [sandbox, worker, command, query] = apps;
    cpuMeter = new CpuMeter({
      command: () => [command?.pid ?? 0],
      query: () => [query?.pid ?? 0],
      worker: () => [worker?.pid ?? 0],
      sandbox: () => [sandbox?.pid ?? 0],
      'postgres (all clients)': () => pidsNamed('postgres'),
    });

    say(`bench tenant ${tenantId}: sandbox merchants and gateway configurations`);
    const merchants: BenchMerchants = freshMerchants();
    const configurations: { id: string; gatewayType: BenchPayment['gatewayType'] }[] = [];
    for (const gatewayType of GATEWAYS) {
      await sandboxCall(
        sandboxUrl,
        'POST',
        '/sandbox/merchants',
        { gatewayType, credentials: merchants[gatewayType] },
        201,
      );
      const added = await natsRequest<{ id: string }>(control, 'ppm.command.gateway-config.add', tenantId, {
        gatewayType,
        name: `Bench ${gatewayType}`,
        credentials: merchants[gatewayType],
        supportedPaymentMethods: ['E_WALLET', 'QR_CODE'],
        isDefault: gatewayType === 'MOMO',
      });
      configurations.push({ id: added.id, gatewayType });
    }

    const seeded = await seedReadTenant(42 + (started % 1000));
    seededTenant = seeded.tenantId;
    const readIds = seeded.paymentIds;
    const hot = readIds.slice(0, 200);
    const cold = readIds.slice(200);
    watch = await EventWatch.start(new Set([tenantId]));

    const figures: Figure[] = [];
    const pgNote = 'vs Postgres insert + outbox transaction';
    const natsNote = 'vs NATS request/reply, 64 in flight';
    const queryFloor = { text: 'P95 < 200 ms at 500/s', minThroughput: 500, maxP95Ms: 200 };

    if (runs('reads')) {
      // Reads: warm the hot set first, so the cached scenario reads only from Redis.
      for (const id of hot)
        await natsRequest(control, 'ppm.query.transaction.get', seededTenant, { transactionId: id });
      const cached = await runScenario(
        'transaction-get-cached',
        'transaction.get, cached',
        { kind: 'transaction-get', tenantId: seededTenant, transactionIds: hot, eachOnce: false },
        { concurrency: 64, durationMs: 6_000 },
      );
      figures.push({
        result: cached,
        ceiling: ceilings['nats-64'],
        ceilingNote: natsNote,
        floor: queryFloor,
        aim: { text: '≥ 6000/s, P99 < 10 ms', minThroughput: 6_000, maxP99Ms: 10 },
      });
      const uncached = await runScenario(
        'transaction-get-uncached',
        'transaction.get, uncached (each id once)',
        { kind: 'transaction-get', tenantId: seededTenant, transactionIds: cold, eachOnce: true },
        { concurrency: 64, durationMs: 6_000 },
      );
      figures.push({ result: uncached, ceiling: ceilings['nats-64'], ceilingNote: natsNote, floor: queryFloor });
      const list = await runScenario(
        'transaction-list',
        `transaction.list (tenant of ${SEED_ROWS} payments, 4 filters)`,
        { kind: 'transaction-list', tenantId: seededTenant },
        { concurrency: 32, durationMs: 5_000 },
      );
      figures.push({ result: list, ceiling: ceilings['nats-64'], ceilingNote: natsNote, floor: queryFloor });
      const configGet = await runScenario(
        'gateway-config-get',
        'gateway-config.get',
        { kind: 'gateway-config-get', tenantId, configurationIds: configurations.map((c) => c.id) },
        { concurrency: 64, durationMs: 4_000 },
      );
      figures.push({
        result: configGet,
        ceiling: ceilings['nats-64'],
        ceilingNote: natsNote,
        floor: { text: 'P95 < 100 ms', maxP95Ms: 100 },
      });
    }

    let webhooksOk = 0;
    let completed = 0;
    if (runs('writes')) {
      // Writes.
      const paymentFloor = { text: 'P95 < 1 s at 200/s', minThroughput: 200, maxP95Ms: 1_000 };
      await setSandboxLatency(sandboxUrl, 0);
      const pay0 = await runScenario(
        'payment-process-0',
        'payment.process, sandbox 0 ms',
        { kind: 'payment-process', tenantId, configurations },
        { concurrency: 64, durationMs: 8_000 },
      );
      figures.push({
        result: pay0,
        ceiling: ceilings['pg'],
        ceilingNote: pgNote,
        floor: paymentFloor,
        aim: { text: '≥ 1500/s, P99 < 50 ms', minThroughput: 1_500, maxP99Ms: 50 },
      });
      await setSandboxLatency(sandboxUrl, REALISTIC_LATENCY_MS);
      await settle();
      const payLatency = await runScenario(
        'payment-process-latency',
        `payment.process, sandbox ${REALISTIC_LATENCY_MS} ms`,
        { kind: 'payment-process', tenantId, configurations },
        { concurrency: 128, durationMs: 8_000 },
      );
      figures.push({
        result: payLatency,
        ceiling: ceilings['pg'],
        ceilingNote: pgNote,
        floor: paymentFloor,
        aim: {
          text: `≥ 1500/s, P99 < ${50 + REALISTIC_LATENCY_MS} ms`,
          minThroughput: 1_500,
          maxP99Ms: 50 + REALISTIC_LATENCY_MS,
        },
      });
      await setSandboxLatency(sandboxUrl, 0);

      const created = [...(pay0.payments ?? []), ...(payLatency.payments ?? [])];
      for (const gatewayType of GATEWAYS) {
        const payments = created.filter((p) => p.gatewayType === gatewayType && p.gatewayReference);
        await settle();
        const webhook = await runScenario(
          `webhook-${gatewayType.toLowerCase()}`,
          `webhook ${gatewayType} (signed success callback)`,
          { kind: 'webhook', workerUrl, merchants, payments },
          { concurrency: 64, durationMs: 5_000, warmupMs: 1_000 },
        );
        webhooksOk += webhook.ok;
        figures.push({
          result: webhook,
          ceiling: ceilings['pg'],
          ceilingNote: pgNote,
          floor: { text: 'P95 < 500 ms at 300/s', minThroughput: 300, maxP95Ms: 500 },
          aim: { text: '≥ 2000/s, P99 < 25 ms', minThroughput: 2_000, maxP99Ms: 25 },
        });
      }

      // Refunds need orders the sandbox knows as paid: pay and complete some first (not measured).
      say('refund set-up: payments completed at the sandbox');
      const setup = await runScenario(
        'refund-setup',
        'refund set-up payments',
        { kind: 'payment-process', tenantId, configurations },
        { concurrency: 32, durationMs: 20_000, warmupMs: 0, maxOperations: 300 },
      );
      const refundable = setup.payments ?? [];
      await forEachConcurrently(refundable, 16, async (payment) => {
        await completeAtSandbox(sandboxUrl, payment);
        completed += 1;
      });
      say(`refund set-up: ${completed} payments paid`);
      await settle();
      const refund = await runScenario(
        'refund',
        'refund.process (partial, sandbox 0 ms)',
        { kind: 'refund', tenantId, payments: refundable, refundsPerPayment: 8 },
        { concurrency: 32, durationMs: 6_000, warmupMs: 1_000 },
      );
      figures.push({ result: refund, ceiling: ceilings['pg'], ceilingNote: pgNote, floor: paymentFloor });
    }

    say('waiting 3 s for the last events');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const outboxLag: OutboxLag = {
      ...(await watch.lag(tenantId)),
      ceiling: ceilings['rabbit'],
      aim: { text: 'P99 < 50 ms', maxP99Ms: 50 },
    };
    const webhookTotal = figures
      .filter((f) => f.result.id.startsWith('webhook-'))
      .reduce((sum, f) => sum + f.result.ok + f.result.errors, 0);
    const integrity = [
      `payment.succeeded events for ${watch.succeeded.size} distinct payments; acknowledged callbacks in the ` +
        `measured windows: ${webhooksOk} of ${webhookTotal} (warm-up callbacks and ${completed} sandbox ` +
        `completions come on top)`,
      `duplicate deliveries of one event id to our queue: ${outboxLag.duplicates}`,
    ];

    const reconciliationLine = await reconciliation();

    const findingsFile = join(ROOT, 'bench', 'findings.md');
    const report: BenchReport = {
      startedAt,
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine: machine(),
      settings: {
        BENCH_SCALE: SCALE,
        sandboxLatencyMs: REALISTIC_LATENCY_MS,
        seedRows: SEED_ROWS,
        DATABASE_POOL_SIZE: POOL_SIZE,
        appLogLevel: process.env['BENCH_APP_LOG_LEVEL'] ?? 'warn',
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg()
          .map((l) => l.toFixed(1))
          .join(' '),
      },
      ceilings: Object.values(ceilings),
      figures: figures.map((f) => ({ ...f, result: { ...f.result, payments: undefined } })),
      outboxLag,
      integrity,
      reconciliation: reconciliationLine,
      findings: existsSync(findingsFile) ? readFileSync(findingsFile, 'utf8').trimEnd().split('\n') : [],
    };
    process.stdout.write(`\n${terminalTables(report)}\n\n`);
    for (const f of report.figures) {
      say(`${f.result.title}: floor ${verdict(f.result, f.floor)}; aim ${verdict(f.result, f.aim)}`);
    }
    const written = writeReport(report, RESULTS_DIR);
    say(`results: ${written.join(', ')}`);
    if (process.env['BENCH_PRINT_MARKDOWN']) process.stdout.write(markdown(report));
  } finally {
    await watch?.stop();
    say('cleaning up: purging the bench tenants, stopping the apps');
    for (const tenant of [tenantId, seededTenant].filter(Boolean)) {
      await natsRequest(purger, 'ppm.command.tenant.purge', tenant, { tenantId: tenant }).catch((error: unknown) =>
        say(`purge of ${tenant} failed: ${String(error)}`),
      );
    }
    await Promise.all(apps.map((app) => app.stop()));
    await control.close();
    await purger.close();
    const model = await connectAmqp(servers.amqpUrl).catch(() => undefined);
    if (model) {
      const channel = await model.createChannel();
      await channel.deleteQueue(invalidationQueue).catch(() => undefined);
      await model.close().catch(() => undefined);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
