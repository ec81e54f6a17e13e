// `npm run multi-instance`: two instances each of the command, query and worker services on the same servers,
// payments made and paid through the gateway sandbox, one instance of each killed (SIGKILL) mid-traffic and started
// again. Prints the counts and exits non-zero when one is wrong: payments lost or doubled, events not delivered,
// a scheduled job run twice in one period, a payment's events out of order.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ErrorCode, type ProcessPaymentReply, type Reply } from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import { sleep } from '@ppm/testing';
import { auditDeliveries, describeAudit } from '../src/support/delivery-audit';
import { gatewayAt } from '../src/support/fault-outcome';
import { PpmStack } from '../src/support/ppm-stack';
import { Traffic } from '../src/support/traffic';

const APPS = ['command', 'query', 'worker'] as const;
// The worker's job lease (JOB_LEASE_TTL_MS of the flows' stacks): a killed holder's run may be followed this soon.
const LEASE_MS = 3_000;
// A caller whose request was cut by the kill tries again with the same idempotency key, as the contract says: at
// once when the service was unreachable or slow, and after a pause while the key is still held by the request the
// kill cut (the command service lets a retry take it over once its 60 s lock has passed).
const RETRYABLE: readonly string[] = [
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.SERVICE_TIMEOUT,
  ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
];
const RETRY_PAUSE_MS = 2_000;
const RETRY_FOR_MS = 90_000;

const HELP = `npm run multi-instance -- [--payments N]

Starts the gateway sandbox and two instances each of command, query and worker (from dist/: npm run build first)
on one database, NATS and RabbitMQ; makes and pays N payments (default 90) through the sandbox, four at a time;
SIGKILLs one instance of each service a third of the way through and starts it again at two thirds. Prints the
counts and exits 1 when one is wrong: payments lost or doubled (0), events delivered (all committed), each
scheduled job run once per period (no overlapping runs), per-payment event order (no inversion).`;

interface JobRun {
  job: string;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Runs of one job that began while an earlier run of it still held the job (or its lease, if its holder died). */
function overlapsOf(runs: readonly JobRun[]): number {
  return runs.filter((run, i) => {
    const previous = runs[i - 1];
    if (!previous) return false;
    const heldUntil = previous.finishedAt?.getTime() ?? previous.startedAt.getTime() + LEASE_MS;
    return run.startedAt.getTime() < heldUntil;
  }).length;
}

/** e.g. "SERVICE_TIMEOUT 2, IDEMPOTENCY_KEY_IN_PROGRESS 27", or "none". */
function countsOf(codes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts.size > 0 ? [...counts].map(([code, n]) => `${code} ${n}`).join(', ') : 'none';
}

/** Makes one payment as a caller does: on an answer that says "retry", again with the same idempotency key. */
async function payOnce(
  stack: PpmStack,
  gatewayType: GatewayType,
  retried: string[],
): Promise<Reply<ProcessPaymentReply>> {
  const options = { idempotencyKey: randomUUID(), sourceTransactionId: `ORD-${randomUUID()}` };
  const deadline = Date.now() + RETRY_FOR_MS;
  let reply = await stack.attemptPayment(gatewayType, options);
  while (!reply.success && RETRYABLE.includes(reply.error.code) && Date.now() < deadline) {
    retried.push(reply.error.code);
    await sleep(RETRY_PAUSE_MS);
    reply = await stack.attemptPayment(gatewayType, options);
  }
  return reply;
}

async function run(payments: number): Promise<boolean> {
  const stack = await PpmStack.start({
    title: 'multi-instance',
    privateNats: true,
    requestTimeoutMs: 5_000,
    stuckPaymentAgeMs: 5_000,
    sandboxEnv: { SANDBOX_REDELIVERY_INTERVAL_MS: '1000' },
  });
  try {
    for (const app of APPS) await stack.startAnother(app);
    const paid: string[] = [];
    const refused: string[] = [];
    const retried: string[] = [];
    const traffic = new Traffic(
      Array.from({ length: payments }, (_, i) => gatewayAt(i)),
      4,
      async (gatewayType) => {
        const reply = await payOnce(stack, gatewayType, retried);
        if (!reply.success) {
          refused.push(reply.error.code);
          return;
        }
        paid.push(reply.data.transactionId);
        await stack.complete(gatewayType, reply.data, 'succeeded');
      },
    );
    await traffic.reached(Math.floor(payments / 3));
    const killedAfter = traffic.done;
    await Promise.all([stack.command, stack.query, stack.worker].map((app) => app.stop('SIGKILL')));
    await traffic.reached(Math.floor((2 * payments) / 3));
    const restartedAfter = traffic.done;
    for (const app of APPS) await stack.restart(app);
    await traffic.finished;

    for (const id of paid) await stack.waitForStatus(id, 'SUCCEEDED', { timeoutMs: 90_000 });
    const audit = await auditDeliveries(stack, paid);
    const doubled = await stack.rows<{ source: string; n: number }>(
      `SELECT source_transaction_id AS source, count(*)::int AS n FROM payment_transactions
        WHERE tenant_id = $1 GROUP BY source_transaction_id HAVING count(*) > 1`,
      [stack.tenant.tenantId],
    );
    const runs = await stack.rows<JobRun>(
      `SELECT job_name AS job, instance_id AS instance, started_at AS "startedAt", finished_at AS "finishedAt"
         FROM job_runs ORDER BY job_name, started_at`,
    );
    const jobs = [...new Set(runs.map((r) => r.job))].map((job) => {
      const ofJob = runs.filter((r) => r.job === job);
      return {
        job,
        runs: ofJob.length,
        instances: new Set(ofJob.map((r) => r.instance)).size,
        overlaps: overlapsOf(ofJob),
      };
    });

    const lines = [
      `${payments} payments through the sandbox with two instances each of command, query and worker; one of each ` +
        `SIGKILLed after ${killedAfter}, started again after ${restartedAfter}`,
      `payments answered success ${paid.length}, refused ${refused.length}` +
        ` (answers that said "retry", retried with the same key: ${countsOf(retried)})` +
        (refused.length > 0 ? ` (${refused.join(', ')})` : '') +
        `; all ${paid.length} SUCCEEDED; payments doubled (two for one order) ${doubled.length}`,
      describeAudit(audit),
      `scheduled jobs: ${jobs.map((j) => `${j.job} ${j.runs} runs by ${j.instances} instances, ${j.overlaps} overlapping`).join('; ')}`,
    ];
    for (const line of lines) stack.checks.record(line);
    const wrong = [
      refused.length > 0 ? `${refused.length} payments refused` : '',
      doubled.length > 0 ? `${doubled.length} payments doubled` : '',
      audit.lost > 0 || audit.eventsDelivered !== audit.eventsCommitted ? `${audit.lost} events lost` : '',
      audit.appliedTwice > 0 ? `${audit.appliedTwice} payments captured twice` : '',
      audit.orderInversions > 0 ? `${audit.orderInversions} payments with events out of order` : '',
      jobs.some((j) => j.overlaps > 0) ? 'a job ran twice in one period' : '',
      jobs.length === 0 ? 'no scheduled job ran' : '',
    ].filter(Boolean);
    stack.checks.record(wrong.length === 0 ? 'every count right' : `WRONG: ${wrong.join('; ')}`);
    return wrong.length === 0;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { payments: { type: 'string', default: '90' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const payments = Number(values.payments);
  if (!Number.isInteger(payments) || payments < 3) throw new Error(`--payments must be an integer ≥ 3`);
  process.exitCode = (await run(payments)) ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`[multi-instance] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
