// PPM's scenarios as a table, in the order they run: what each drives, how hard, what it prepares first or leaves
// for the next ones, and the figure it reports beside its ceiling with the platform's floor and our aim.
import type { NatsConnection } from 'nats';
import type { Figure, Target } from './bench-report';
import type { BenchMerchants, BenchPayment, BenchWorkload, ScenarioResult } from './bench-scenario';
import { settle } from './bench-database';
import { natsRequest } from './bench-nats';
import { GATEWAYS, picked, REALISTIC_LATENCY_MS, runs, SEED_ROWS, type ScenarioGroup } from './bench-settings';
import { setSandboxLatency, type EdgeAccess } from './bench-stack';
import type { CpuMeter } from './cpu-meter';
import { EDGE_READ_SCENARIOS, EDGE_WRITE_SCENARIOS } from './edge-scenarios';
import { merchantWebhookScenario } from './merchant-webhook-scenario';
import { queryPairScenario } from './query-pair-scenario';
import { refundSetUpScenario } from './refund-setup';
import { CACHED_GET_AIM, hotSetReads, PAYMENT_FLOOR, QUERY_FLOOR, warmHotSet } from './scenario-steps';
import { runScenario, type ScenarioLoad } from './scenario-runner';

/** What the scenarios drive, and what earlier scenarios leave for later ones. */
export interface BenchRun {
  /** The bench's NATS connection as an internal caller. */
  control: NatsConnection;
  /** The tenant the write scenarios pay and refund for, with a configuration per gateway. */
  tenantId: string;
  configurations: { id: string; gatewayType: BenchPayment['gatewayType'] }[];
  merchants: BenchMerchants;
  /** The seeded tenant the read scenarios read, and its payments: a hot set to cache and the cold rest. */
  seededTenant: string;
  hot: string[];
  cold: string[];
  sandboxUrl: string;
  workerUrl: string;
  /** Payments the payment scenarios created, for the webhook scenarios. */
  created: BenchPayment[];
  /** Payments paid at the sandbox, for the refund scenario, and for the one through the HTTP edge. */
  refundable: BenchPayment[];
  edgeRefundable: BenchPayment[];
  /** The HTTP edge and its credentials; a bearer token of the seeded tenant's viewer. */
  edge: EdgeAccess;
  viewerToken: string;
  /** The query service's own cache invalidation queue, for a second query instance to share. */
  invalidationQueue: string;
  /** The query instances' pids (the CPU meter's query group), a second one while a scenario runs it. */
  queryPids: number[];
  /** Callbacks the webhook scenarios had acknowledged in their measured windows. */
  webhooksOk: number;
  /** Payments completed at the sandbox for the refund scenario. */
  completed: number;
}

/** The ceilings PPM's figures are read against, with how a figure relates to its ceiling. */
const CEILING_NOTES = {
  'nats-64': 'vs NATS request/reply, 64 in flight',
  fastify: 'vs bare Fastify, same concurrency',
  pg: 'vs Postgres insert + outbox transaction',
} as const;

/** One of PPM's scenarios. */
export interface PpmScenario {
  id: string;
  title: string;
  group: Exclude<ScenarioGroup, 'ceilings'>;
  /** What it drives, from what earlier scenarios left. */
  workload: (run: BenchRun) => BenchWorkload;
  load: ScenarioLoad;
  before?: (run: BenchRun) => Promise<void>;
  after?: (run: BenchRun, result: ScenarioResult) => Promise<void>;
  /** The figure it reports; a set-up run reports none. */
  figure?: { ceiling: keyof typeof CEILING_NOTES; floor: Target; aim?: Target };
}

// The open loops' arrival rates: the payment rate of the outbox lag's aim, and half the cached read's aim.
const PAYMENT_RATE = 500;
const CACHED_GET_RATE = 3_000;

// A tenant's rule set of 5 rules that lets every bench payment through: two of them read the counters (one Redis
// script per payment), the others decide from the payment alone.
const FIVE_RISK_RULES = [
  { type: 'AMOUNT_LIMIT', max: 1_000_000_000, currency: 'VND', action: 'BLOCK' },
  { type: 'BLOCKLIST', key: 'clientIp', values: ['203.0.113.0/24'], action: 'BLOCK' },
  { type: 'ALLOWLIST', key: 'sourceBoundedContext', values: ['orders'], action: 'REVIEW' },
  { type: 'VELOCITY', key: 'sourceBoundedContext', limit: 10_000, windowSeconds: 1, action: 'BLOCK' },
  { type: 'FAILED_VELOCITY', key: 'sourceBoundedContext', limit: 10_000, windowSeconds: 600, action: 'REVIEW' },
];

const setRiskRules = async (run: BenchRun, rules: unknown[]): Promise<void> => {
  await natsRequest(run.control, 'ppm.command.risk-rules.update', run.tenantId, { rules });
};

const keepPayments = (run: BenchRun, result: ScenarioResult): Promise<void> => {
  run.created.push(...(result.payments ?? []));
  return Promise.resolve();
};

const PPM_SCENARIOS: readonly PpmScenario[] = [
  {
    id: 'transaction-get-cached',
    title: 'transaction.get, cached',
    group: 'reads',
    before: warmHotSet,
    workload: hotSetReads,
    load: { concurrency: 64, durationMs: 6_000 },
    figure: {
      ceiling: 'nats-64',
      floor: QUERY_FLOOR,
      aim: CACHED_GET_AIM,
    },
  },
  {
    // The same reads at a constant arrival rate: queueing delay shows in the latencies.
    id: 'transaction-get-cached-open',
    title: `transaction.get, cached, open loop at ${CACHED_GET_RATE}/s`,
    group: 'reads',
    workload: hotSetReads,
    load: { concurrency: 512, ratePerSecond: CACHED_GET_RATE, durationMs: 6_000 },
    figure: {
      ceiling: 'nats-64',
      floor: QUERY_FLOOR,
      aim: { text: `P99 < 10 ms at ${CACHED_GET_RATE}/s`, minThroughput: CACHED_GET_RATE * 0.95, maxP99Ms: 10 },
    },
  },
  queryPairScenario(),
  {
    id: 'transaction-get-uncached',
    title: 'transaction.get, uncached (each id once)',
    group: 'reads',
    workload: (run) => ({
      kind: 'transaction-get',
      tenantId: run.seededTenant,
      transactionIds: run.cold,
      eachOnce: true,
    }),
    load: { concurrency: 64, durationMs: 6_000 },
    figure: { ceiling: 'nats-64', floor: QUERY_FLOOR },
  },
  {
    id: 'transaction-list',
    title: `transaction.list (tenant of ${SEED_ROWS} payments, 4 filters)`,
    group: 'reads',
    workload: (run) => ({ kind: 'transaction-list', tenantId: run.seededTenant }),
    load: { concurrency: 32, durationMs: 5_000 },
    figure: { ceiling: 'nats-64', floor: QUERY_FLOOR },
  },
  {
    id: 'gateway-config-get',
    title: 'gateway-config.get',
    group: 'reads',
    workload: (run) => ({
      kind: 'gateway-config-get',
      tenantId: run.tenantId,
      configurationIds: run.configurations.map((c) => c.id),
    }),
    load: { concurrency: 64, durationMs: 4_000 },
    figure: { ceiling: 'nats-64', floor: { text: 'P95 < 100 ms', maxP95Ms: 100 } },
  },
  ...EDGE_READ_SCENARIOS,
  {
    id: 'payment-process-0',
    title: 'payment.process, sandbox 0 ms',
    group: 'writes',
    before: (run) => setSandboxLatency(run.sandboxUrl, 0),
    workload: (run) => ({ kind: 'payment-process', tenantId: run.tenantId, configurations: run.configurations }),
    load: { concurrency: 64, durationMs: 8_000 },
    after: keepPayments,
    figure: {
      ceiling: 'pg',
      floor: PAYMENT_FLOOR,
      aim: { text: '≥ 1500/s, P99 < 50 ms', minThroughput: 1_500, maxP99Ms: 50 },
    },
  },
  {
    id: 'payment-process-risk',
    title: 'payment.process with 5 risk rules, sandbox 0 ms',
    group: 'writes',
    before: (run) => setRiskRules(run, FIVE_RISK_RULES),
    workload: (run) => ({ kind: 'payment-process', tenantId: run.tenantId, configurations: run.configurations }),
    load: { concurrency: 64, durationMs: 8_000 },
    after: async (run, result) => {
      await setRiskRules(run, []);
      await keepPayments(run, result);
    },
    figure: { ceiling: 'pg', floor: PAYMENT_FLOOR },
  },
  {
    id: 'payment-process-latency',
    title: `payment.process, sandbox ${REALISTIC_LATENCY_MS} ms`,
    group: 'writes',
    before: async (run) => {
      await setSandboxLatency(run.sandboxUrl, REALISTIC_LATENCY_MS);
      await settle();
    },
    workload: (run) => ({ kind: 'payment-process', tenantId: run.tenantId, configurations: run.configurations }),
    load: { concurrency: 128, durationMs: 8_000 },
    after: async (run, result) => {
      await setSandboxLatency(run.sandboxUrl, 0);
      await keepPayments(run, result);
    },
    figure: {
      ceiling: 'pg',
      floor: PAYMENT_FLOOR,
      aim: {
        text: `≥ 1500/s, P99 < ${50 + REALISTIC_LATENCY_MS} ms`,
        minThroughput: 1_500,
        maxP99Ms: 50 + REALISTIC_LATENCY_MS,
      },
    },
  },
  {
    // A constant payment rate, the rate the outbox lag's aim is set at: queueing delay shows in the latencies.
    id: 'payment-process-open',
    title: `payment.process, sandbox 0 ms, open loop at ${PAYMENT_RATE}/s`,
    group: 'writes',
    before: settle,
    workload: (run) => ({ kind: 'payment-process', tenantId: run.tenantId, configurations: run.configurations }),
    load: { concurrency: 512, ratePerSecond: PAYMENT_RATE, durationMs: 8_000 },
    after: keepPayments,
    figure: {
      ceiling: 'pg',
      floor: PAYMENT_FLOOR,
      aim: { text: `P99 < 50 ms at ${PAYMENT_RATE}/s`, minThroughput: PAYMENT_RATE * 0.95, maxP99Ms: 50 },
    },
  },
  ...GATEWAYS.map((gatewayType): PpmScenario => ({
    id: `webhook-${gatewayType.toLowerCase()}`,
    title: `webhook ${gatewayType} (signed success callback)`,
    group: 'writes',
    before: settle,
    workload: (run) => ({
      kind: 'webhook',
      workerUrl: run.workerUrl,
      merchants: run.merchants,
      payments: run.created.filter((p) => p.gatewayType === gatewayType && p.gatewayReference),
    }),
    load: { concurrency: 64, durationMs: 5_000, warmupMs: 1_000 },
    after: (run, result) => {
      run.webhooksOk += result.ok;
      return Promise.resolve();
    },
    figure: {
      ceiling: 'pg',
      floor: { text: 'P95 < 500 ms at 300/s', minThroughput: 300, maxP95Ms: 500 },
      aim: { text: '≥ 2000/s, P99 < 25 ms', minThroughput: 2_000, maxP99Ms: 25 },
    },
  })),
  // Refunds need orders the sandbox knows as paid.
  refundSetUpScenario('refund-setup', (run, paid) => {
    run.refundable = paid;
  }),
  {
    id: 'refund',
    title: 'refund.process (partial, sandbox 0 ms)',
    group: 'writes',
    before: settle,
    workload: (run) => ({ kind: 'refund', tenantId: run.tenantId, payments: run.refundable, refundsPerPayment: 8 }),
    load: { concurrency: 32, durationMs: 6_000, warmupMs: 1_000 },
    figure: { ceiling: 'pg', floor: PAYMENT_FLOOR },
  },
  merchantWebhookScenario(),
  ...EDGE_WRITE_SCENARIOS,
];

/** Runs PPM's scenarios that BENCH_ONLY and BENCH_SCENARIOS allow, in the table's order; returns their figures. */
export async function runPpmScenarios(
  run: BenchRun,
  ceilings: Record<string, ScenarioResult>,
  meter: CpuMeter,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const scenario of PPM_SCENARIOS.filter((s) => runs(s.group) && picked(s.id))) {
    await scenario.before?.(run);
    const { id, title, load } = scenario;
    const result = await runScenario({ id, title, load, workload: scenario.workload(run) }, meter);
    await scenario.after?.(run, result);
    if (!scenario.figure) continue;
    const { ceiling, floor, aim } = scenario.figure;
    figures.push({ result, ceiling: ceilings[ceiling], ceilingNote: CEILING_NOTES[ceiling], floor, aim });
  }
  return figures;
}
