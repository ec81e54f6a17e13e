// What the bench runner asks a load generator to do, and what it gets back. The generator is a separate process
// (bench/load-generator.ts) so the load it makes is not measured on the runner's event loop.

/** The echo subject of the NATS ceiling: a trivial responder (bench/nats-echo-responder.ts) answers it. */
export const ECHO_SUBJECT = 'bench.echo';
/** Schema of the Postgres ceiling's two tables (created and dropped by the runner). */
export const CEILING_SCHEMA = 'bench_ceiling';

/** Server URLs the generator talks to (the bench run's environment). */
export interface BenchServers {
  natsUrl: string;
  databaseUrl: string;
  redisUrl: string;
  amqpUrl: string;
}

/** A payment PPM created, as the webhook and refund scenarios need it. */
export interface BenchPayment {
  transactionId: string;
  gatewayType: 'VNPAY' | 'MOMO' | 'ZALOPAY';
  gatewayReference: string;
  amount: number;
  paymentUrl: string | null;
}

/** The merchant credentials of one gateway, to sign callbacks the way the gateway does. */
export type BenchMerchants = Record<BenchPayment['gatewayType'], Record<string, string>>;

/** The operation a scenario repeats. */
export type BenchWorkload =
  | { kind: 'nats-echo' }
  | { kind: 'pg-insert-outbox' }
  | { kind: 'redis-get' }
  | { kind: 'rabbit-round-trip' }
  | { kind: 'transaction-get'; tenantId: string; transactionIds: string[]; eachOnce: boolean }
  | { kind: 'transaction-list'; tenantId: string }
  | { kind: 'gateway-config-get'; tenantId: string; configurationIds: string[] }
  | {
      kind: 'payment-process';
      tenantId: string;
      configurations: { id: string; gatewayType: BenchPayment['gatewayType'] }[];
    }
  | { kind: 'webhook'; workerUrl: string; merchants: BenchMerchants; payments: BenchPayment[] }
  | { kind: 'refund'; tenantId: string; payments: BenchPayment[]; refundsPerPayment: number }
  | { kind: 'merchant-webhook'; tenantId: string; configurationIds: string[] }
  /** GETs of `paths` round-robin at an HTTP origin (the edge, or the bare Fastify ceiling) with `headers`. */
  | { kind: 'http-get'; origin: string; headers: Record<string, string>; paths: string[] }
  | {
      kind: 'edge-payment';
      origin: string;
      headers: Record<string, string>;
      configurations: { id: string; gatewayType: BenchPayment['gatewayType'] }[];
    }
  | {
      kind: 'edge-refund';
      origin: string;
      headers: Record<string, string>;
      payments: BenchPayment[];
      refundsPerPayment: number;
    };

/**
 * One scenario: a workload at a fixed concurrency (closed loop) or arrival rate (open loop), warmed up, then
 * measured for a bounded time and count.
 */
export interface BenchScenario {
  id: string;
  title: string;
  workload: BenchWorkload;
  /** Operations in flight (closed loop), or the most in flight at once (open loop). */
  concurrency: number;
  /** Open loop: operations started per second whatever the replies, latency from each one's intended send time. */
  ratePerSecond?: number;
  warmupMs: number;
  durationMs: number;
  /** Stops early after this many operations (warm-up included): the workload's inputs are finite. */
  maxOperations?: number;
  servers: BenchServers;
}

/** Latency percentiles in milliseconds over every measured operation. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What a scenario measured (warm-up excluded). */
export interface ScenarioResult {
  id: string;
  title: string;
  concurrency: number;
  /** The open loop's arrival rate (absent: closed loop). */
  ratePerSecond?: number;
  /** Seconds actually measured (shorter than asked when the inputs ran out). */
  measuredSeconds: number;
  ok: number;
  errors: number;
  /** Error codes (reply `error.code`, HTTP status, exception name) and how often each was seen. */
  errorCodes: Record<string, number>;
  throughput: number;
  latencyMs: LatencySummary;
  /** Operations completed, warm-up included (the denominator of the CPU cost per operation). */
  operations: number;
  /** CPU milliseconds per operation spent by each process of the stack, warm-up included (filled by the runner). */
  cpuMsPerOperation?: Record<string, number>;
  /** Payments created (payment-process only), warm-up included, for the later scenarios. */
  payments?: BenchPayment[];
}

/** Messages from a generator to the runner. */
export type GeneratorMessage =
  | { type: 'progress'; phase: 'warm-up' | 'measure'; elapsedMs: number; ok: number; errors: number }
  | { type: 'result'; result: ScenarioResult }
  | { type: 'failed'; message: string };
