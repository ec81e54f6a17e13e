// PPM through its HTTP edge, each figure beside bare Fastify at the same concurrency: the console's reads with a
// viewer's bearer token, and internal callers' payments and refunds with a platform API key naming the tenant.
import { settle } from './bench-database';
import type { BenchPayment } from './bench-scenario';
import { setSandboxLatency } from './bench-stack';
import { HTTP_CONCURRENCY } from './ceilings';
import type { BenchRun, PpmScenario } from './ppm-scenarios';
import { refundSetUpScenario } from './refund-setup';
import { PAYMENT_FLOOR, QUERY_FLOOR, warmHotSet } from './scenario-steps';

// The open loop's arrival rate: the platform floor's 500/s. The edge spends about 1.3 ms of CPU on a cached read
// (besides the query's and NATS'), so on 2 cores a much higher rate would only measure a growing queue.
const EDGE_GET_RATE = 500;

const viewer = (run: BenchRun): Record<string, string> => ({ authorization: `Bearer ${run.viewerToken}` });
const internalCaller = (run: BenchRun): Record<string, string> => ({
  'x-api-key': run.edge.platformApiKey,
  'x-tenant-id': run.tenantId,
});
const cachedGet = (run: BenchRun) => ({
  kind: 'http-get' as const,
  origin: run.edge.origin,
  headers: viewer(run),
  paths: run.hot.map((id) => `/api/v1/ppm/transactions/${id}`),
});

/** The edge's read scenarios: a tenant's list page, and a cached transaction closed and open loop. */
export const EDGE_READ_SCENARIOS: readonly PpmScenario[] = [
  {
    id: 'edge-transaction-list',
    title: `GET /api/v1/ppm/transactions (tenant of the seeded payments, 4 filters)`,
    group: 'reads',
    workload: (run) => ({
      kind: 'http-get',
      origin: run.edge.origin,
      headers: viewer(run),
      paths: ['', '?status=SUCCEEDED', '?gatewayType=MOMO', '?status=FAILED&gatewayType=VNPAY'].map(
        (query) => `/api/v1/ppm/transactions${query}`,
      ),
    }),
    load: { concurrency: HTTP_CONCURRENCY, durationMs: 5_000 },
    figure: { ceiling: 'fastify', floor: QUERY_FLOOR },
  },
  {
    id: 'edge-transaction-get-cached',
    title: 'GET /api/v1/ppm/transactions/:id, cached',
    group: 'reads',
    before: warmHotSet,
    workload: cachedGet,
    load: { concurrency: HTTP_CONCURRENCY, durationMs: 6_000 },
    figure: { ceiling: 'fastify', floor: QUERY_FLOOR },
  },
  {
    id: 'edge-transaction-get-cached-open',
    title: `GET /api/v1/ppm/transactions/:id, cached, open loop at ${EDGE_GET_RATE}/s`,
    group: 'reads',
    before: warmHotSet,
    workload: cachedGet,
    load: { concurrency: 512, ratePerSecond: EDGE_GET_RATE, durationMs: 6_000 },
    figure: { ceiling: 'fastify', floor: QUERY_FLOOR },
  },
];

/** The edge's write scenarios: payments and partial refunds, the sandbox answering at once. */
export const EDGE_WRITE_SCENARIOS: readonly PpmScenario[] = [
  {
    id: 'edge-process-payment',
    title: 'POST /api/v1/internal/ppm/process-payment, sandbox 0 ms',
    group: 'writes',
    before: async (run) => {
      await setSandboxLatency(run.sandboxUrl, 0);
      await settle();
    },
    workload: (run) => ({
      kind: 'edge-payment',
      origin: run.edge.origin,
      headers: internalCaller(run),
      configurations: run.configurations,
    }),
    load: { concurrency: HTTP_CONCURRENCY, durationMs: 8_000 },
    figure: { ceiling: 'fastify', floor: PAYMENT_FLOOR },
  },
  refundSetUpScenario('edge-refund-setup', (run: BenchRun, paid: BenchPayment[]) => {
    run.edgeRefundable = paid;
  }),
  {
    id: 'edge-process-refund',
    title: 'POST /api/v1/internal/ppm/process-refund (partial, sandbox 0 ms)',
    group: 'writes',
    before: settle,
    workload: (run) => ({
      kind: 'edge-refund',
      origin: run.edge.origin,
      headers: internalCaller(run),
      payments: run.edgeRefundable,
      refundsPerPayment: 8,
    }),
    load: { concurrency: HTTP_CONCURRENCY, durationMs: 6_000, warmupMs: 1_000 },
    figure: { ceiling: 'fastify', floor: PAYMENT_FLOOR },
  },
];
