// `npm run bench` (through tools/bench.sh, which builds, starts the servers and migrates first): measures the raw
// ceilings of the substrate on this machine (bench/ceilings.ts), then PPM's paths on its own app processes
// (bench/ppm-scenarios.ts), and writes bench/results/<date>.md and .json. Each scenario's load comes from a forked
// generator process, bounded in time and count. BENCH_SCALE (default 1) scales every measured window, e.g. 0.3 for
// a quick look; BENCH_ONLY=reads|writes and BENCH_SCENARIOS=<id>,… narrow what runs (bench/bench-settings.ts).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect as connectAmqp } from 'amqplib';
import { connect as connectNats } from 'nats';
import { natsAuthOptions } from '@ppm/messaging';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';
import { markdown, terminalTables, verdict, writeReport, type BenchReport, type OutboxLag } from './bench-report';
import type { ScenarioResult } from './bench-scenario';
import { withDatabase } from './bench-database';
import { natsRequest, refuseForeignResponders } from './bench-nats';
import {
  ALIAS_HOOK,
  FULL_RUN,
  POOL_SIZE,
  REALISTIC_LATENCY_MS,
  ROOT,
  runs,
  say,
  SCALE,
  SEED_ROWS,
  servers,
} from './bench-settings';
import { benchBearerToken, registerBenchTenant, startBenchStack, type BenchApp } from './bench-stack';
import { measureCeilings } from './ceilings';
import { CpuMeter, pidsNamed } from './cpu-meter';
import { EventWatch } from './event-watch';
import { runPpmScenarios, type BenchRun } from './ppm-scenarios';
import { reconciliation } from './reconciliation-scenario';

const RESULTS_DIR = join(ROOT, 'bench', 'results');

function machine(): BenchReport['machine'] {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
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
      ...ALIAS_HOOK,
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

/** The run's report: its settings, the ceilings and figures, the outbox lag, what the integrity checks saw. */
function reportOf(
  started: number,
  loadAtStart: string,
  ceilings: Record<string, ScenarioResult>,
  figures: BenchReport['figures'],
  outboxLag: OutboxLag,
  integrity: string[],
  reconciliationLine: unknown,
): BenchReport {
  const findingsFile = join(ROOT, 'bench', 'findings.md');
  return {
    startedAt: new Date(started).toISOString(),
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
}

async function main(): Promise<void> {
  const started = Date.now();
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
  // Its own invalidation queue, so another query service on this broker does not take the bench's events. Named
  // under ppm.query., the only names the query's broker user may declare; deleted at the end (it is bound to
  // ppm.events and would fill up).
  const invalidationQueue = 'ppm.query.bench-cache-invalidation';
  let watch: EventWatch | undefined;
  try {
    say('starting the apps from dist/ (logs in tmp/bench/)');
    const { sandboxUrl, workerUrl, edge } = await startBenchStack(apps, invalidationQueue);
    const [sandbox, worker, command, query, gateway] = apps;

    say(`bench tenant ${tenantId}: sandbox merchants and gateway configurations`);
    const { merchants, configurations } = await registerBenchTenant(control, sandboxUrl, tenantId);
    const seeded = await seedReadTenant(42 + (started % 1000));
    seededTenant = seeded.tenantId;
    watch = await EventWatch.start(new Set([tenantId]));

    const run: BenchRun = {
      control,
      tenantId,
      configurations,
      merchants,
      seededTenant,
      hot: seeded.paymentIds.slice(0, 200),
      cold: seeded.paymentIds.slice(200),
      sandboxUrl,
      workerUrl,
      created: [],
      refundable: [],
      edgeRefundable: [],
      edge,
      viewerToken: await benchBearerToken(edge, seeded.tenantId, 'ppm.viewer'),
      invalidationQueue,
      queryPids: [query?.pid ?? 0],
      webhooksOk: 0,
      completed: 0,
    };
    const meter = new CpuMeter({
      gateway: () => [gateway?.pid ?? 0],
      command: () => [command?.pid ?? 0],
      query: () => run.queryPids,
      worker: () => [worker?.pid ?? 0],
      sandbox: () => [sandbox?.pid ?? 0],
      'postgres (all clients)': () => pidsNamed('postgres'),
    });
    const figures = await runPpmScenarios(run, ceilings, meter);

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
        `measured windows: ${run.webhooksOk} of ${webhookTotal} (warm-up callbacks and ${run.completed} sandbox ` +
        `completions come on top)`,
      `duplicate deliveries of one event id to our queue: ${outboxLag.duplicates}`,
    ];

    // Minutes of work beside the figures: only a full run takes it.
    const reconciliationLine = FULL_RUN
      ? await reconciliation()
      : { skipped: 'a narrowed run (BENCH_ONLY, BENCH_SCENARIOS)' };

    const report = reportOf(started, loadAtStart, ceilings, figures, outboxLag, integrity, reconciliationLine);
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
