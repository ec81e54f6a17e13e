import { ErrorCode } from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import { eventually, sleep } from '@ppm/testing';
import { CallerAnswers } from '../support/caller-answers';
import { expectNothingLost, gatewayAt, settleFaultTraffic, type MadePayment } from '../support/fault-outcome';
import { PpmStack } from '../support/ppm-stack';
import { ReadinessWatch } from '../support/readiness-watch';
import { Traffic } from '../support/traffic';

const BEFORE = 30;
const AT_ONCE = 24;
// DATABASE_POOL_SIZE's default, which the stack's apps run with.
const POOL_SIZE = 10;
// ZaloPay calls back only 3 times; the gateways that keep redelivering show what a "retry" answer is worth.
const REDELIVERING: readonly GatewayType[] = ['MOMO', 'VNPAY'];
const DEADLINE_MS = 20_000;
// How long the database stays down once every app has noticed.
const OUTAGE_MS = 3_000;
// What a caller may be told while the database is down: the request was not done, and it may try again (never a
// bare INTERNAL_ERROR, which callers do not retry).
const OUTAGE_ANSWERS = [ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_TIMEOUT];

// The stack's Postgres (a server of its own) is shut down fast and started again while customers pay, gateways call
// back and callers read. Every app turns not-ready and back on its own; callers are only told to retry; webhooks
// answered "retry" are redelivered by the gateway and applied; the outbox relay and every pool work again after.
describe('fault: Postgres restarted mid-traffic', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({
      title: 'fault — Postgres restart',
      privatePostgres: true,
      // No status sync in the window: a captured payment is the webhook's doing.
      stuckPaymentAgeMs: 120_000,
      // Redelivery spread over seconds (MoMo 5 attempts, VNPay 10), so the gateways outlast the outage.
      sandboxEnv: { SANDBOX_REDELIVERY_INTERVAL_MS: '2000' },
    });
  }, 180_000);

  afterAll(() => stack?.stop(), 120_000);

  it(`payments, webhooks and reads across a fast shutdown and start: nothing lost, nothing twice`, async () => {
    const gatewayOf = (i: number): GatewayType => gatewayAt(i, REDELIVERING);
    const paid: MadePayment[] = [];
    /** Makes and pays `count` payments, more at once than a pool has connections, so every pooled one is used. */
    const payAtOnce = async (count: number): Promise<void> => {
      const payments = new Traffic(
        Array.from({ length: count }, (_, i) => gatewayOf(i)),
        POOL_SIZE + 2,
        async (gw) => {
          const payment = await stack.pay(gw);
          paid.push({ gatewayType: gw, payment });
          const completed = await stack.complete(gw, payment, 'succeeded');
          if (!completed.delivery?.acknowledged) throw new Error(`${payment.transactionId}'s webhook not acknowledged`);
          await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
        },
      );
      await payments.finished;
      expect(payments.failures).toEqual([]);
    };
    // Before the outage: every app's pool full of connections the shutdown is about to cut.
    await payAtOnce(AT_ONCE);
    // Made, not yet paid: their webhooks come during the outage.
    const unpaid: typeof paid = [];
    for (let i = 0; i < BEFORE; i += 1)
      unpaid.push({ gatewayType: gatewayOf(i), payment: await stack.pay(gatewayOf(i)) });
    paid.push(...unpaid);

    const postgres = stack.postgres;
    if (!postgres) throw new Error('the stack has no Postgres of its own');
    const answers = new CallerAnswers();
    let database: 'up' | 'down' = 'up';
    let answeredRetry = 0;
    const readiness = new ReadinessWatch([stack.command, stack.query, stack.worker]);
    // Payments made during the traffic are paid once it is over (their webhooks are not what the outage tests).
    const madeDuring: typeof paid = [];
    const traffic = new Traffic(
      unpaid,
      3,
      async ({ gatewayType, payment }) => {
        const completed = await stack.complete(gatewayType, payment, 'succeeded');
        if (!completed.delivery?.acknowledged && database === 'down') answeredRetry += 1;
        await answers.record(stack.transaction(payment.transactionId), DEADLINE_MS);
        const made = await answers.record(stack.attemptPayment(gatewayType), DEADLINE_MS);
        if (made?.success) madeDuring.push({ gatewayType, payment: made.data });
      },
      // Spread out so the traffic outlasts the outage and goes on after the restart.
      800,
    );
    await traffic.reached(6);
    const stoppedAfter = traffic.done;
    await postgres.stop();
    database = 'down';
    await eventually(
      () => readiness.snapshot(),
      (apps) => apps.every((app) => app.notReady > 0),
      { what: 'every app not ready while Postgres is down', timeoutMs: 15_000 },
    );
    await sleep(OUTAGE_MS);
    const restartedAfter = traffic.done;
    await postgres.restart();
    database = 'up';
    await traffic.finished;
    expect(traffic.failures).toEqual([]);
    await eventually(
      () => readiness.snapshot(),
      (apps) => apps.every((app) => app.recovered),
      { what: 'every app ready again, without a restart', timeoutMs: 30_000 },
    );
    const histories = await readiness.stop();

    const during = answers.describe();
    for (const { gatewayType, payment } of madeDuring) {
      paid.push({ gatewayType, payment });
      await stack.complete(gatewayType, payment, 'succeeded');
    }
    // No pool stays poisoned: every connection of every pool is used again, and none fails.
    await payAtOnce(AT_ONCE);

    stack.checks.record(
      `Postgres shut down after ${stoppedAfter} of the traffic, started after ${restartedAfter}; readiness probes ` +
        histories.map((h) => `${h.app} ${h.notReady}× not ready then ready`).join(', '),
    );
    const outcome = await settleFaultTraffic(stack, paid);
    stack.checks.record(
      `callers answered: ${during}; ${answeredRetry} webhooks answered "retry" while it was down, redelivered and ` +
        `applied; ${AT_ONCE} payments made and paid at once after the restart; all ${outcome.ids.length} SUCCEEDED`,
    );

    expect(histories.filter((h) => h.notReady === 0 || !h.recovered)).toEqual([]);
    expect(answers.unexpected(OUTAGE_ANSWERS)).toEqual({});
    expect(answeredRetry).toBeGreaterThan(0);
    expectNothingLost(stack, outcome);
    expect(outcome.audit.webhooksApplied).toBe(outcome.ids.length);
  }, 300_000);
});
