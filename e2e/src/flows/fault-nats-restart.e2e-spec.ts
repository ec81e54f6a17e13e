import { ErrorCode } from '@ppm/contracts';
import { eventually, sleep, type NatsSubscription } from '@ppm/testing';
import { CallerAnswers } from '../support/caller-answers';
import { expectNothingLost, gatewayAt, settleFaultTraffic, type MadePayment } from '../support/fault-outcome';
import { PpmStack } from '../support/ppm-stack';
import { ReadinessWatch } from '../support/readiness-watch';
import { Traffic } from '../support/traffic';

const BEFORE = 30;
const AFTER = 6;
// Reads sent at once while the server is down.
const BURST = 10;
// Payments the customer finishes while the server is down: the worker stores their webhooks but cannot apply them.
const PAID_DURING = 3;
const OUTAGE_MS = 4_000;
// Gateways redeliver later than the worker's retry job retries, so a webhook answered "retry" during the outage is
// applied by the job, and the gateway's later copy is a duplicate.
const REDELIVERY_INTERVAL_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;
// The test's own deadline, past the requester's: a request still unanswered by then hung.
const DEADLINE_MS = REQUEST_TIMEOUT_MS + 5_000;

const queueMembers = (subscriptions: NatsSubscription[]): string[] =>
  [...new Set(subscriptions.filter((s) => s.queueGroup).map((s) => `${s.subject} (${s.queueGroup ?? ''})`))].sort();

// The stack's NATS (a server of its own, with PPM's users) stops and starts again while customers pay, gateways
// call back and callers read. Requests in flight are answered SERVICE_UNAVAILABLE or SERVICE_TIMEOUT, never left
// hanging; the services reconnect and subscribe again in their queue groups; the worker's retry job applies the
// webhooks it stored but could not hand to the command service; nothing is lost or applied twice.
describe('fault: NATS restarted mid-traffic', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({
      title: 'fault — NATS restart',
      privateNats: true,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      // No status sync in the window: a captured payment is a webhook's doing.
      stuckPaymentAgeMs: 120_000,
      sandboxEnv: { SANDBOX_REDELIVERY_INTERVAL_MS: String(REDELIVERY_INTERVAL_MS) },
    });
  }, 180_000);

  afterAll(() => stack?.stop(), 120_000);

  it('payments, webhooks and reads across a NATS stop and start: answered, resubscribed, nothing lost', async () => {
    const paid: MadePayment[] = [];
    for (let i = 0; i < BEFORE; i += 1)
      paid.push({ gatewayType: gatewayAt(i), payment: await stack.pay(gatewayAt(i)) });
    const nats = stack.nats;
    if (!nats) throw new Error('the stack has no NATS of its own');
    const membersBefore = queueMembers(await nats.subscriptions());

    const answers = new CallerAnswers();
    const readiness = new ReadinessWatch([stack.command, stack.query, stack.worker]);
    // Payments made during the traffic are paid once it is over.
    const madeDuring: typeof paid = [];
    const [paidDuring, trafficItems] = [paid.slice(0, PAID_DURING), paid.slice(PAID_DURING)];
    const traffic = new Traffic(
      trafficItems,
      3,
      async ({ gatewayType, payment }) => {
        await stack.complete(gatewayType, payment, 'succeeded');
        await answers.record(stack.transaction(payment.transactionId), DEADLINE_MS);
        const made = await answers.record(stack.attemptPayment(gatewayType), DEADLINE_MS);
        if (made?.success) madeDuring.push({ gatewayType, payment: made.data });
      },
      400,
    );
    await traffic.reached(6);
    const stoppedAfter = traffic.done;
    await nats.stop();
    const calledBack = Promise.all(paidDuring.map((p) => stack.complete(p.gatewayType, p.payment, 'succeeded')));
    // Sent while no server is there: each must still be answered, within the requester's timeout.
    const sentDuring = Promise.all(
      paid.slice(0, BURST).map(({ payment }) => answers.record(stack.transaction(payment.transactionId), DEADLINE_MS)),
    );
    await eventually(
      () => readiness.snapshot(),
      (apps) => apps.every((app) => app.notReady > 0),
      { what: 'every app not ready while NATS is down', timeoutMs: 15_000 },
    );
    await sleep(OUTAGE_MS);
    const restartedAfter = traffic.done;
    await nats.restart();
    await Promise.all([sentDuring, calledBack]);
    const membersAfter = await eventually(
      async () => queueMembers(await nats.subscriptions()),
      (members) => membersBefore.every((m) => members.includes(m)),
      { what: 'every service subscribed again in its queue group', timeoutMs: 30_000 },
    );
    await traffic.finished;
    expect(traffic.failures).toEqual([]);
    await eventually(
      () => readiness.snapshot(),
      (apps) => apps.every((app) => app.recovered),
      { what: 'every app ready again, without a restart', timeoutMs: 30_000 },
    );
    const histories = await readiness.stop();

    const during = answers.describe();
    for (const made of madeDuring) {
      paid.push(made);
      await stack.complete(made.gatewayType, made.payment, 'succeeded');
    }
    for (let i = 0; i < AFTER; i += 1) paid.push({ gatewayType: gatewayAt(i), payment: await stack.pay(gatewayAt(i)) });
    for (const { gatewayType, payment } of paid.slice(-AFTER)) await stack.complete(gatewayType, payment, 'succeeded');

    const [retried] = await stack.rows<{ applied: number; duplicates: number; unsettled: number }>(
      `SELECT count(*) FILTER (WHERE processing_status = 'APPLIED')::int AS applied,
              count(*) FILTER (WHERE processing_status = 'DUPLICATE')::int AS duplicates,
              count(*) FILTER (WHERE processing_status NOT IN ('APPLIED', 'DUPLICATE'))::int AS unsettled
         FROM webhook_events WHERE tenant_id = $1 AND verification = 'VERIFIED' AND attempts > 1`,
      [stack.tenant.tenantId],
    );
    stack.checks.record(
      `NATS stopped after ${stoppedAfter} of the traffic, started again ${OUTAGE_MS} ms later (after ` +
        `${restartedAfter}); ${membersAfter.length} queue-group subscriptions back (${membersBefore.length} before); ` +
        `readiness probes ${histories.map((h) => `${h.app} ${h.notReady}× not ready then ready`).join(', ')}`,
    );
    stack.checks.record(
      `callers answered (${BURST} reads sent while it was down among them): ${during}; webhooks the worker could ` +
        `not apply on arrival, retried by its job: ${retried?.applied ?? 0} applied, ${retried?.duplicates ?? 0} ` +
        `duplicates; ${AFTER} payments made and paid after the restart`,
    );
    const outcome = await settleFaultTraffic(stack, paid);
    expect(membersBefore.some((m) => m.endsWith('(ppm-command)'))).toBe(true);
    expect(membersBefore.some((m) => m.endsWith('(ppm-query)'))).toBe(true);
    expect(histories.filter((h) => h.notReady === 0 || !h.recovered)).toEqual([]);
    expect(answers.count('hung')).toBe(0);
    expect(answers.unexpected([ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_TIMEOUT])).toEqual({});
    expect(answers.count(ErrorCode.SERVICE_UNAVAILABLE) + answers.count(ErrorCode.SERVICE_TIMEOUT)).toBeGreaterThan(0);
    expect(retried?.applied).toBeGreaterThanOrEqual(PAID_DURING);
    expect(retried?.unsettled).toBe(0);
    expectNothingLost(stack, outcome);
  }, 300_000);
});
