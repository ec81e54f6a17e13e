import { ErrorCode } from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import type { TcpHop } from '@ppm/testing';
import { CallerAnswers } from '../support/caller-answers';
import { expectNothingLost, gatewayAt, settleFaultTraffic, type MadePayment } from '../support/fault-outcome';
import { PpmStack } from '../support/ppm-stack';
import { Traffic } from '../support/traffic';

// ZaloPay calls back only 3 times; the gateways that keep redelivering show what a "retry" answer is worth.
const REDELIVERING: readonly GatewayType[] = ['MOMO', 'VNPAY'];
// A caller's NATS timeout, and the worker's for applying a webhook (WEBHOOK_APPLY_TIMEOUT_MS of the stack).
const REQUEST_TIMEOUT_MS = 3_000;
const APPLY_TIMEOUT_MS = 3_000;
// The test's own deadline, past the requester's: a request still unanswered by then hung.
const DEADLINE_MS = REQUEST_TIMEOUT_MS + 5_000;
const LATENCY_MS = 40;
const PER_ROUND = 6;
// Requests sent at once into a blackhole.
const BURST = 4;
// Once the network is back, the fault's leftovers get this long to settle.
const SETTLE_MS = 60_000;

// The command service's link to Postgres and the worker's link to NATS (its requests to the command service) each
// go through a TCP hop the test degrades in turn: added latency, connections reset, then a blackhole that accepts
// and answers nothing. Callers are always answered (success, SERVICE_UNAVAILABLE or SERVICE_TIMEOUT, within the
// requester's timeout); the worker's apply timeout turns a webhook into "retry"; nothing is lost or applied twice.
describe('fault: a slow and a cut network', () => {
  let stack: PpmStack;
  const paid: MadePayment[] = [];
  const answers = new CallerAnswers();
  const webhooks = { acknowledged: 0, answeredRetry: 0 };
  const gatewayOf = (i: number): GatewayType => gatewayAt(i, REDELIVERING);

  /** Makes a payment as a caller would (its answer counted); a made one is kept for the count at the end. */
  const attempt = async (gatewayType: GatewayType): Promise<MadePayment | undefined> => {
    const made = await answers.record(stack.attemptPayment(gatewayType), DEADLINE_MS);
    if (!made?.success) return undefined;
    const payment = { gatewayType, payment: made.data };
    paid.push(payment);
    return payment;
  };
  /** The customer pays at the gateway; counts whether the worker acknowledged the callback or answered "retry". */
  const complete = async ({ gatewayType, payment }: MadePayment): Promise<void> => {
    const completed = await stack.complete(gatewayType, payment, 'succeeded');
    if (completed.delivery?.acknowledged) webhooks.acknowledged += 1;
    else webhooks.answeredRetry += 1;
  };
  /** Payments made and paid one after another, a few at once, with `during` run once the first two are done. */
  const round = async (during?: () => void): Promise<void> => {
    const traffic = new Traffic(
      Array.from({ length: PER_ROUND }, (_, i) => gatewayOf(i)),
      2,
      async (gatewayType) => {
        const made = await attempt(gatewayType);
        if (made) await complete(made);
      },
      200,
    );
    if (during) {
      await traffic.reached(2);
      during();
    }
    await traffic.finished;
    expect(traffic.failures).toEqual([]);
  };
  /** Stored webhooks waiting for a retry because their apply request ran out the worker's timeout. */
  const timedOutWebhooks = async (): Promise<number> => {
    const [row] = await stack.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_events
        WHERE tenant_id = $1 AND processing_status = 'PENDING' AND last_error LIKE $2 AND last_error LIKE $3`,
      [stack.tenant.tenantId, `${ErrorCode.SERVICE_TIMEOUT}:%`, `%within ${APPLY_TIMEOUT_MS} ms%`],
    );
    return row?.n ?? 0;
  };
  /**
   * While `hop` is a blackhole: payments sent at once and callbacks of made payments, each answered in time; the
   * webhooks whose apply timed out are counted before it heals, and the payments made meanwhile paid after.
   */
  const intoBlackhole = async (hop: TcpHop, callbacks: readonly MadePayment[]): Promise<number> => {
    hop.blackhole();
    let made: (MadePayment | undefined)[];
    let timedOut: number;
    try {
      [made] = await Promise.all([
        Promise.all(Array.from({ length: BURST }, (_, i) => attempt(gatewayOf(i)))),
        Promise.all(callbacks.map((payment) => complete(payment))),
      ]);
      timedOut = await timedOutWebhooks();
    } finally {
      hop.heal();
    }
    for (const payment of made) if (payment) await complete(payment);
    return timedOut;
  };
  const unpaid = async (count: number): Promise<MadePayment[]> => {
    const made: MadePayment[] = [];
    for (let i = 0; i < count; i += 1) {
      const payment = await attempt(gatewayOf(i));
      if (payment) made.push(payment);
    }
    return made;
  };

  beforeAll(async () => {
    stack = await PpmStack.start({
      title: 'fault — slow and cut network',
      privateNats: true,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      hops: { command: ['database'], worker: ['nats'] },
      // No status sync in the window: a captured payment is a webhook's doing.
      stuckPaymentAgeMs: 120_000,
      sandboxEnv: { SANDBOX_REDELIVERY_INTERVAL_MS: '1000' },
      workerEnv: { WEBHOOK_APPLY_TIMEOUT_MS: String(APPLY_TIMEOUT_MS) },
    });
  }, 180_000);

  afterAll(() => stack?.stop(), 120_000);

  it('latency, resets and a blackhole between command and Postgres, and worker and NATS: answered, nothing lost', async () => {
    const database = stack.hop('command', 'database');
    const bus = stack.hop('worker', 'nats');

    // 1. The command service's Postgres slow, then its connections reset mid-traffic, then gone silent.
    database.delay(LATENCY_MS);
    await round();
    database.delay(0);
    await round(() => database.reset());
    const blackholedDatabase = answers.describe();
    const timedOutOnDatabase = await intoBlackhole(database, await unpaid(2));
    const afterDatabase = answers.describe();

    // 2. The worker's NATS (its way to the command service) slow, then reset, then gone silent.
    bus.delay(LATENCY_MS);
    await round();
    bus.delay(0);
    await round(() => bus.reset());
    const retriesBefore = webhooks.answeredRetry;
    const timedOutOnBus = await intoBlackhole(bus, await unpaid(2));
    const retriedInBlackhole = webhooks.answeredRetry - retriesBefore;

    // The callbacks answered "retry" are applied by the worker's retry job or the gateway's redelivery.
    const outcome = await settleFaultTraffic(stack, paid, SETTLE_MS);
    stack.checks.record(
      `callers answered: ${blackholedDatabase} before the database's blackhole, ${afterDatabase} after it, ` +
        `${answers.describe()} in all (${BURST} payments sent into each blackhole)`,
    );
    stack.checks.record(
      `callbacks acknowledged ${webhooks.acknowledged}, answered "retry" ${webhooks.answeredRetry} ` +
        `(${retriedInBlackhole} while the worker's NATS was a blackhole); webhooks whose apply request timed out ` +
        `after the configured ${APPLY_TIMEOUT_MS} ms: ${timedOutOnDatabase} in the database's blackhole, ` +
        `${timedOutOnBus} in the bus's, all applied since; ` +
        `connections through the hops: command→Postgres ${database.connections}, worker→NATS ${bus.connections}`,
    );

    expect(answers.count('hung')).toBe(0);
    expect(answers.unexpected([ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_TIMEOUT])).toEqual({});
    // The database's blackhole: payments sent into it ran out the caller's timeout.
    expect(answers.count(ErrorCode.SERVICE_TIMEOUT)).toBeGreaterThanOrEqual(BURST);
    // The bus's blackhole: every callback meanwhile was answered "retry" once the apply timeout fired.
    expect(retriedInBlackhole).toBe(2);
    expect(timedOutOnDatabase).toBe(2);
    expect(timedOutOnBus).toBe(2);
    // Both links were reconnected after their resets.
    expect(database.connections).toBeGreaterThan(1);
    expect(bus.connections).toBeGreaterThan(1);
    expectNothingLost(stack, outcome);
  }, 240_000);
});
