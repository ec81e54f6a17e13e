// `npm run soak -- --minutes 30`: PPM under steady mixed traffic with one fault every few minutes, sampled every
// 30 s per process (RSS, heap, event-loop delay, open files) and for the stack (DB connections, outbox backlog,
// queue depths). Fails when a series keeps growing from one cycle between faults to the next (a slope above the
// bound of its kind), when an event is lost or a caller is left without an answer. Prints the table and, for the
// 30-minute soak, writes bench/results/soak-<date>.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sleep, type AppProcess } from '@ppm/testing';
import { auditDeliveries, describeAudit } from '../src/support/delivery-audit';
import { PpmStack } from '../src/support/ppm-stack';
import { MixedTraffic } from './mixed-traffic';
import { sampleProcess } from './process-sample';
import { backlogOf, boundedFeeds, type BrokerDefinitions } from './queue-backlog';
import { SOAK_FAULTS } from './soak-faults';
import { GROWTH_BOUNDS_PER_MINUTE, judge, sampleTable, verdictTable } from './soak-report';
import type { Sample } from './trend';

// payment.process in the last benchmark (bench/results/2026-12-01.md, 64 in flight): the soak runs at half of it.
const BENCH_PAYMENTS_PER_SECOND = 304;
const RESULTS = join(__dirname, '..', '..', 'bench', 'results');
const FEEDS = boundedFeeds(
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'tools', 'bus', 'rabbitmq-definitions.json'), 'utf8'),
  ) as BrokerDefinitions,
);
// The soak the issue asks for; a shorter run is a trial, whose report stays out of bench/results.
const FULL_SOAK_MINUTES = 30;

const HELP = `npm run soak -- [options]

PPM (sandbox, command, query, worker) on servers of its own (Postgres with a streaming read replica, NATS, RabbitMQ,
Redis), under mixed traffic (payments made and paid, payment reads, list reads), with one fault every few minutes in
turn:
${SOAK_FAULTS.map((f) => `  - ${f.name}`).join('\n')}
The last fault is followed by a whole interval without one, so the run ends recovered, not in an outage.
Sampled every --sample-seconds per process (RSS, heap, event-loop delay p99, open fds) and for the stack (DB
connections, outbox backlog, queue depths). Fails (exit 1) when an event is lost, a request hung, or a series grows
faster than its bound per minute, judged on the cycles between faults (the slowest of the least-squares slopes of
each cycle's lowest and highest level and of their rise from the first cycle to the last), or its samples stop:
  ${Object.entries(GROWTH_BOUNDS_PER_MINUTE)
    .map(([kind, bound]) => `${kind} ${bound}`)
    .join(', ')}
A run of ${FULL_SOAK_MINUTES} minutes or more writes its report to bench/results/soak-<date>.md, a shorter one (a
trial) to the system's temporary directory.
Needs the build (npm run build) and the Postgres, NATS, RabbitMQ and Redis binaries (npm run infra:up installs them).

Options:
  --minutes N          how long the traffic runs (default 30)
  --rate N             operations per second (default ${BENCH_PAYMENTS_PER_SECOND / 2}: half the bench's payment.process)
  --fault-minutes N    minutes between faults (default 3)
  --sample-seconds N   seconds between samples (default 30)
  --help               this text`;

interface SoakSettings {
  minutes: number;
  rate: number;
  faultMinutes: number;
  sampleSeconds: number;
}

function settingsOf(argv: string[]): SoakSettings | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: String(BENCH_PAYMENTS_PER_SECOND / 2) },
      'fault-minutes': { type: 'string', default: '3' },
      'sample-seconds': { type: 'string', default: '30' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const positive = (name: string, value: string): number => {
    const n = Number(value);
    if (!(n > 0)) throw new Error(`--${name} must be a positive number, not ${value}`);
    return n;
  };
  return {
    minutes: positive('minutes', values.minutes),
    rate: positive('rate', values.rate),
    faultMinutes: positive('fault-minutes', values['fault-minutes']),
    sampleSeconds: positive('sample-seconds', values['sample-seconds']),
  };
}

const orNaN = (read: () => Promise<number>): Promise<number> => read().catch(() => Number.NaN);

/** Samples every process and the stack's servers into `series`, at `atMs` since the start. */
async function sample(stack: PpmStack, series: Map<string, Sample[]>, atMs: number): Promise<void> {
  const add = (name: string, value: number): void => {
    series.set(name, [...(series.get(name) ?? []), { atMs, value }]);
  };
  const apps: AppProcess[] = [stack.command, stack.query, stack.worker];
  for (const app of apps) {
    const s = await sampleProcess(app);
    add(`${app.name} rss MiB`, s.rssMiB);
    add(`${app.name} heap MiB`, s.heapMiB);
    add(`${app.name} event-loop p99 ms`, s.eventLoopP99Ms);
    add(`${app.name} open fds`, s.openFds);
  }
  const count = async (sql: string): Promise<number> => (await stack.rows<{ n: number }>(sql))[0]?.n ?? Number.NaN;
  add('db connections', await orNaN(() => count(`SELECT count(*)::int AS n FROM pg_stat_activity`)));
  add(
    'outbox backlog',
    await orNaN(() => count(`SELECT count(*)::int AS n FROM outbox_events WHERE status <> 'SENT'`)),
  );
  add('queue depth', await orNaN(async () => backlogOf((await stack.rabbitMq?.queueDepths()) ?? {}, FEEDS)));
}

async function soak(settings: SoakSettings): Promise<boolean> {
  const stack = await PpmStack.start({
    title: 'soak',
    privatePostgres: true,
    readReplica: true,
    privateNats: true,
    privateRabbitMq: true,
    // Its own Redis too: the soak samples its own stack, and needs none of the shared servers to be up.
    privateRedis: true,
    hops: { command: ['database'], worker: ['nats'] },
    requestTimeoutMs: 5_000,
    stuckPaymentAgeMs: 60_000,
    sandboxEnv: { SANDBOX_REDELIVERY_INTERVAL_MS: '2000' },
  });
  const series = new Map<string, Sample[]>();
  const faults: string[] = [];
  const faultsAtMs: number[] = [];
  const traffic = new MixedTraffic(stack, settings.rate);
  try {
    const startedAt = Date.now();
    const endsAt = startedAt + settings.minutes * 60_000;
    traffic.start();
    // On a fixed clock (every --sample-seconds from the start), however long a sample takes to read.
    const sampling = (async () => {
      for (let tick = 0; startedAt + tick * settings.sampleSeconds * 1_000 < endsAt; tick += 1) {
        await sleep(Math.max(0, startedAt + tick * settings.sampleSeconds * 1_000 - Date.now()));
        await sample(stack, series, Date.now() - startedAt);
        process.stdout.write(`[soak] ${((Date.now() - startedAt) / 1_000).toFixed(0)} s: sampled\n`);
      }
    })();
    // A fault plays only when a whole interval is left after it: the judge compares the cycles between faults, and
    // a last cycle cut short in the middle of an outage (a pool still full, a heap not yet collected) is no cycle.
    const faultMs = settings.faultMinutes * 60_000;
    for (let i = 0; Date.now() + 2 * faultMs < endsAt; i += 1) {
      await sleep(faultMs);
      const fault = SOAK_FAULTS[i % SOAK_FAULTS.length];
      if (!fault) continue;
      const at = Date.now() - startedAt;
      faultsAtMs.push(at);
      await fault.play(stack).then(
        () => faults.push(`${(at / 1_000).toFixed(0)} s: ${fault.name}`),
        (error: unknown) => faults.push(`${(at / 1_000).toFixed(0)} s: ${fault.name} FAILED to play: ${String(error)}`),
      );
      process.stdout.write(`[soak] ${faults[faults.length - 1] ?? ''}\n`);
    }
    await sampling;
    await sample(stack, series, Date.now() - startedAt);
    await traffic.stop();

    const audit = await auditDeliveries(stack, traffic.paid);
    const depths = (await stack.rabbitMq?.queueDepths().catch(() => undefined)) ?? {};
    const feeds = [...FEEDS].map((feed) => `${feed} ${depths[feed] ?? 0}`).join(', ');
    // What the backlog holds at the end, so a growing one says which events the relay leaves behind.
    const unsent = await stack.rows<{ type: string; status: string; n: number }>(
      `SELECT event_type AS type, status, count(*)::int AS n FROM outbox_events WHERE status <> 'SENT'
        GROUP BY event_type, status ORDER BY n DESC`,
    );
    const warmUpMs = Math.min(120_000, (settings.minutes * 60_000) / 5);
    const verdicts = judge(series, { warmUpMs, faultsAtMs });
    const growing = verdicts.filter((v) => v.growing).map((v) => v.series);
    const unread = verdicts.filter((v) => v.unread).map((v) => v.series);
    const hung = traffic.answers.count('hung');
    const passed =
      growing.length === 0 && unread.length === 0 && audit.lost === 0 && audit.appliedTwice === 0 && hung === 0;
    const summary = [
      `${settings.minutes} min at ${settings.rate} ops/s: ${traffic.operations} operations started ` +
        `(${traffic.skipped} skipped with 64 in flight); callers answered: ${traffic.answers.describe()}`,
      describeAudit(audit),
      `outbox rows not sent at the end: ${unsent.map((u) => `${u.type} ${u.status} ${u.n}`).join(', ') || 'none'}`,
      `queue depth: the queues PPM's consumers take; the feeds the broker bounds for other contexts hold ${feeds}`,
      `faults: ${faults.length > 0 ? faults.join('; ') : 'none (the run is shorter than twice --fault-minutes)'}`,
      `growth per minute after ${warmUpMs / 1_000} s of warm-up: ${
        faultsAtMs.length > 0
          ? `the slowest of the least-squares slopes of each cycle's lowest and highest level and of their rise from the first cycle to the last`
          : 'the least-squares slope of the samples'
      }`,
      passed
        ? 'PASSED: nothing keeps growing, nothing lost, no request hung'
        : `FAILED: growing ${growing.join(', ') || 'none'}, unread ${unread.join(', ') || 'none'}, lost ${audit.lost}, applied twice ${audit.appliedTwice}, hung ${hung}`,
    ];
    const report = [
      `# Soak of ${new Date().toISOString().slice(0, 10)}`,
      '',
      ...summary.map((line) => `- ${line}`),
      '',
      verdictTable(verdicts),
      '',
      '## Samples',
      '',
      sampleTable(series),
      '',
    ].join('\n');
    process.stdout.write(`\n${report}\n`);
    // A process whose samples stopped has most likely exited: what it wrote last says why.
    for (const app of [stack.command, stack.query, stack.worker].filter((a) =>
      unread.some((s) => s.startsWith(a.name)),
    )) {
      process.stdout.write(`\n[soak] ${app.name} stopped answering; its last output:\n${app.output().slice(-6_000)}\n`);
    }
    const directory = settings.minutes >= FULL_SOAK_MINUTES ? RESULTS : tmpdir();
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `soak-${new Date().toISOString().slice(0, 10)}.md`);
    writeFileSync(file, report);
    process.stdout.write(`[soak] written to ${file}\n`);
    return passed;
  } finally {
    await traffic.stop();
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const settings = settingsOf(process.argv.slice(2));
  if (!settings) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  process.exitCode = (await soak(settings)) ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`[soak] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
