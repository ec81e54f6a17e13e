import { EventTypes, type ProcessPaymentReply } from '@ppm/contracts';
import { auditDeliveries, describeAudit } from '../support/delivery-audit';
import { GATEWAYS, PpmStack } from '../support/ppm-stack';
import { Traffic } from '../support/traffic';

const PAYMENTS = 45;

// The command service dies (SIGKILL: no shutdown, work in flight cut) while customers keep paying and gateways
// keep calling back. The worker stores every webhook and answers "retry"; gateways redeliver, the worker's retry
// loop and the status sync try again; once the command service is back every payment ends SUCCEEDED exactly once.
describe('fault: the command service killed mid-traffic', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'fault — command service SIGKILL', stuckPaymentAgeMs: 5_000 });
  }, 180_000);

  afterAll(() => stack?.stop(), 120_000);

  it(`${PAYMENTS} payments paid while the command service is killed and restarted: each SUCCEEDED once`, async () => {
    const payments: { gatewayType: (typeof GATEWAYS)[number]; payment: ProcessPaymentReply }[] = [];
    for (let i = 0; i < PAYMENTS; i += 1) {
      const gatewayType = GATEWAYS[i % GATEWAYS.length] ?? 'MOMO';
      payments.push({ gatewayType, payment: await stack.pay(gatewayType) });
    }
    let unacknowledged = 0;
    const traffic = new Traffic(payments, 3, async ({ gatewayType, payment }) => {
      const completed = await stack.complete(gatewayType, payment, 'succeeded');
      if (!completed.delivery?.acknowledged) unacknowledged += 1;
    });
    await traffic.reached(12);
    await stack.killCommand();
    const killedAfter = traffic.done;
    await traffic.reached(27);
    const restartedAfter = traffic.done;
    await stack.restartCommand();
    await traffic.finished;
    expect(traffic.failures).toEqual([]);

    const ids = payments.map(({ payment }) => payment.transactionId);
    const views = [];
    for (const id of ids) views.push(await stack.waitForStatus(id, 'SUCCEEDED', { timeoutMs: 90_000 }));
    const audit = await auditDeliveries(stack, ids);
    stack.checks.record(
      `command killed after ${killedAfter} paid, restarted after ${restartedAfter}; ${unacknowledged} callbacks ` +
        `answered "retry" on first delivery; all ${PAYMENTS} SUCCEEDED at the query service`,
    );
    stack.checks.record(describeAudit(audit));
    stack.checks.record(
      `${audit.webhooksApplied} payments captured by their webhook, ${PAYMENTS - audit.webhooksApplied} by the ` +
        'status sync that got there first; each payment at v3 with one payment.succeeded.v1',
    );

    expect(unacknowledged).toBeGreaterThan(0);
    expect(audit).toMatchObject({
      payments: PAYMENTS,
      lost: 0,
      appliedTwice: 0,
      orderInversions: 0,
      webhooksUnsettled: 0,
    });
    expect(audit.eventsDelivered).toBe(audit.eventsCommitted);
    // Exactly one capture per payment: created (v1), order opened (v2), captured (v3), nothing more.
    expect(views.filter((v) => v.version !== 3 || v.lateCapture)).toEqual([]);
    for (const id of ids) expect(stack.events.events(id, EventTypes.paymentSucceeded)).toHaveLength(1);
    expect(audit.webhooksApplied).toBeLessThanOrEqual(PAYMENTS);
  }, 240_000);
});
