// What a bench run found, as a terminal table, bench/results/<date>.md and .json: every PPM figure beside the
// ceiling of the substrate measured in the same run, with the platform's floor and our aim.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencySummary, ScenarioResult } from './bench-scenario';

/** The machine the run was on. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
}

/** How a figure is judged: the platform's floor and our aim, each a throughput and a latency bound. */
export interface Target {
  text: string;
  minThroughput?: number;
  maxP95Ms?: number;
  maxP99Ms?: number;
}

/** A PPM figure: a measured scenario, the ceiling it is compared with, and its targets. */
export interface Figure {
  result: ScenarioResult;
  ceiling?: ScenarioResult;
  /** How the figure relates to its ceiling, in words (e.g. "vs NATS request/reply, 64 in flight"). */
  ceilingNote: string;
  floor?: Target;
  aim?: Target;
}

/** Outbox lag: the event's transaction → relay publish with confirm → delivery to a consumer. */
export interface OutboxLag {
  events: number;
  duplicates: number;
  /** Payment and refund events of the bench tenant still unsent at the end (its gateway-config events have no
   * queue bound in the bench: unroutable, they stay pending by design and are not counted). */
  unsent: number;
  /** Row written → marked sent after the broker's confirm. */
  commitToConfirmMs: LatencySummary;
  perType: Record<string, LatencySummary>;
  latencyMs: LatencySummary;
  ceiling?: ScenarioResult;
  aim: Target;
}

/** The whole run. */
export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: Record<string, string | number>;
  ceilings: ScenarioResult[];
  figures: Figure[];
  outboxLag: OutboxLag;
  integrity: string[];
  reconciliation: unknown;
  /** bench/findings.md, line by line (Markdown, written from profiling). */
  findings: string[];
}

/** Whether `result` meets `target` ("n/a" without one). */
export function verdict(result: { throughput: number; latencyMs: LatencySummary }, target?: Target): string {
  if (!target) return 'n/a';
  const misses: string[] = [];
  if (target.minThroughput !== undefined && result.throughput < target.minThroughput)
    misses.push(`${fmt(result.throughput)}/s < ${target.minThroughput}/s`);
  if (target.maxP95Ms !== undefined && result.latencyMs.p95 >= target.maxP95Ms)
    misses.push(`p95 ${fmt(result.latencyMs.p95)} ≥ ${target.maxP95Ms} ms`);
  if (target.maxP99Ms !== undefined && result.latencyMs.p99 >= target.maxP99Ms)
    misses.push(`p99 ${fmt(result.latencyMs.p99)} ≥ ${target.maxP99Ms} ms`);
  return misses.length === 0 ? 'met' : `missed (${misses.join(', ')})`;
}

function fmt(value: number): string {
  if (value >= 100) return String(Math.round(value));
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A figure's throughput as a share of its ceiling's, or a dash without a measured ceiling. */
export function ofCeiling(result: ScenarioResult, ceiling?: ScenarioResult): string {
  if (!ceiling || ceiling.throughput === 0) return '—';
  return `${((result.throughput / ceiling.throughput) * 100).toFixed(0)} %`;
}

function errorsText(result: ScenarioResult): string {
  const codes = Object.entries(result.errorCodes)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
  return codes ? `${result.errors} (${codes})` : String(result.errors);
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

const latencyCells = (l: LatencySummary): string[] => [fmt(l.p50), fmt(l.p95), fmt(l.p99)];

function ceilingRows(report: BenchReport): string[][] {
  return report.ceilings.map((c) => [
    c.title,
    String(c.concurrency),
    fmt(c.throughput),
    ...latencyCells(c.latencyMs),
    errorsText(c),
  ]);
}

// A closed loop's requests in flight, or an open loop's arrival rate with the most it let be in flight.
const loadText = (result: ScenarioResult): string =>
  result.ratePerSecond ? `${result.ratePerSecond}/s open, ≤ ${result.concurrency}` : String(result.concurrency);

function figureRows(report: BenchReport): string[][] {
  return report.figures.map((f) => [
    f.result.title,
    loadText(f.result),
    fmt(f.result.throughput),
    ...latencyCells(f.result.latencyMs),
    errorsText(f.result),
    f.ceiling ? `${fmt(f.ceiling.throughput)}/s (${f.ceilingNote})` : f.ceilingNote,
    ofCeiling(f.result, f.ceiling),
    f.floor ? `${f.floor.text}: ${verdict(f.result, f.floor)}` : '—',
    f.aim ? `${f.aim.text}: ${verdict(f.result, f.aim)}` : '—',
  ]);
}

function lagRow(report: BenchReport): string[][] {
  const lag = report.outboxLag;
  const ceiling = lag.ceiling;
  return [
    [
      'outbox lag: commit → RabbitMQ confirm → consumer',
      String(lag.events),
      ...latencyCells(lag.latencyMs),
      String(lag.duplicates),
      String(lag.unsent),
      ceiling ? `p50 ${fmt(ceiling.latencyMs.p50)} / p99 ${fmt(ceiling.latencyMs.p99)} ms (${ceiling.title})` : '—',
      `${lag.aim.text}: ${verdict({ throughput: 0, latencyMs: lag.latencyMs }, lag.aim)}`,
    ],
  ];
}

const CEILING_HEADER = ['ceiling', 'in flight', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
const FIGURE_HEADER = [
  'PPM figure',
  'in flight or rate',
  'ops/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'errors',
  'ceiling',
  'of ceiling',
  'floor',
  'aim',
];
const CPU_GROUPS = ['gateway', 'command', 'query', 'worker', 'sandbox', 'postgres (all clients)'];
const CPU_HEADER = ['PPM figure', ...CPU_GROUPS.map((g) => `${g} ms`), 'sum ms'];

function cpuRows(report: BenchReport): string[][] {
  return report.figures.map((f) => {
    const cpu = f.result.cpuMsPerOperation ?? {};
    const values = CPU_GROUPS.map((g) => cpu[g] ?? 0);
    return [f.result.title, ...values.map(fmt), fmt(values.reduce((a, b) => a + b, 0))];
  });
}

const LAG_HEADER = ['outbox', 'events', 'p50 ms', 'p95 ms', 'p99 ms', 'duplicates', 'unsent', 'ceiling', 'aim'];

/** The results as Markdown. */
export function markdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `# PPM benchmark — ${report.startedAt.slice(0, 10)}`,
    '',
    `Run at ${report.startedAt}, ${report.durationSeconds} s in all, by \`npm run bench\`. Machine: ${m.cores} cores ` +
      `(${m.cpuModel}), ${m.memoryGb} GB memory, Node ${m.node} on ${m.platform}. Every process (servers, apps, ` +
      `load generators) shares these cores; load generators run in their own processes at a fixed number of ` +
      `requests in flight, warm-up excluded. Latencies are per request, from send to reply, over every request. ` +
      `Open-loop figures ("N/s open") start requests at a constant rate whatever the replies and measure each ` +
      `from its intended send time, so queueing delay shows in their latencies.`,
    '',
    `Settings: ${Object.entries(report.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}.`,
    '',
    '## Ceilings of the substrate (same run)',
    '',
    ...table(CEILING_HEADER, ceilingRows(report)),
    '',
    '## PPM',
    '',
    ...table(FIGURE_HEADER, figureRows(report)),
    '',
    ...table(LAG_HEADER, lagRow(report)),
    '',
    `Commit → confirmed (row marked sent) p50 / p95 / p99: ${fmt(report.outboxLag.commitToConfirmMs.p50)} / ` +
      `${fmt(report.outboxLag.commitToConfirmMs.p95)} / ${fmt(report.outboxLag.commitToConfirmMs.p99)} ms. ` +
      'Lag per event type, commit → consumer (p50 / p95 / p99 ms): ' +
      Object.entries(report.outboxLag.perType)
        .map(([type, l]) => `${type} ${fmt(l.p50)} / ${fmt(l.p95)} / ${fmt(l.p99)} (${l.count})`)
        .join('; '),
    '',
    '## Where the CPU went',
    '',
    'CPU milliseconds (user + system, from /proc) each process spent per operation of the scenario, warm-up ' +
      'included: independent of how much of the machine other work took meanwhile. Postgres counts every backend ' +
      '(other clients of the shared server included).',
    '',
    ...table(CPU_HEADER, cpuRows(report)),
    '',
    '## Integrity',
    '',
    ...report.integrity.map((line) => `- ${line}`),
    '',
    '## Reconciliation of a million settlement lines',
    '',
    report.reconciliation === null
      ? '- not run (dist/bench/reconciliation-million.js is not built)'
      : `- \`${JSON.stringify(report.reconciliation)}\``,
    '',
    '## Findings',
    '',
    ...report.findings,
    '',
  ];
  return lines.join('\n');
}

/** The results for a terminal: the same tables, aligned. */
export function terminalTables(report: BenchReport): string {
  const align = (header: string[], rows: string[][]): string => {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  };
  return [
    align(CEILING_HEADER, ceilingRows(report)),
    '',
    align(FIGURE_HEADER, figureRows(report)),
    '',
    align(LAG_HEADER, lagRow(report)),
    '',
    'CPU ms per operation:',
    align(CPU_HEADER, cpuRows(report)),
  ].join('\n');
}

/** Writes bench/results/<date>.md and .json; returns their paths. */
export function writeReport(report: BenchReport, directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  const base = join(directory, report.startedAt.slice(0, 10));
  writeFileSync(`${base}.md`, markdown(report));
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  return [`${base}.md`, `${base}.json`];
}
