import { EventTypes, type ProcessPaymentReply } from '@ppm/contracts';
import { auditDeliveries, describeAudit } from '../support/delivery-audit';
import { GATEWAYS, PpmStack } from '../support/ppm-stack';
import { Traffic } from '../support/traffic';

const PAYMENTS = 45;

// RabbitMQ (the stack's own node) stops and comes back while payments are being made and paid: commits go on into
// the outbox, and once the broker is back every event reaches the consumer — none lost, each id once after dedup.
describe('fault: RabbitMQ restarted mid-traffic', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({
      title: 'fault — RabbitMQ restart',
      privateRabbitMq: true,
      stuckPaymentAgeMs: 60_000,
    });
  }, 180_000);

  afterAll(() => stack?.stop(), 120_000);

  it(`${PAYMENTS} payments made and paid across a broker stop and restart: every event delivered, none twice`, async () => {
    const payments: ProcessPaymentReply[] = [];
    let broker: 'up' | 'stopping' | 'down' | 'restarting' = 'up';
    let paidWhileDown = 0;
    const traffic = new Traffic(
      Array.from({ length: PAYMENTS }, (_, i) => GATEWAYS[i % GATEWAYS.length] ?? 'MOMO'),
      3,
      async (gatewayType) => {
        const payment = await stack.pay(gatewayType);
        payments.push(payment);
        await stack.complete(gatewayType, payment, 'succeeded');
        if (broker === 'down') paidWhileDown += 1;
      },
      1_200,
    );
    await traffic.reached(8);
    const stoppedAt = traffic.done;
    broker = 'stopping';
    await stack.rabbitMq?.stop();
    broker = 'down';
    await traffic.reached(traffic.done + 6);
    const restartedAt = traffic.done;
    broker = 'restarting';
    await stack.rabbitMq?.restart();
    broker = 'up';
    await traffic.finished;
    expect(traffic.failures).toEqual([]);
    expect(paidWhileDown).toBeGreaterThan(0);

    const ids = payments.map((p) => p.transactionId);
    for (const id of ids) await stack.waitForStatus(id, 'SUCCEEDED', { timeoutMs: 60_000 });
    const audit = await auditDeliveries(stack, ids);
    stack.checks.record(
      `broker stop began after ${stoppedAt} payments, restart after ${restartedAt}; ${paidWhileDown} made and ` +
        `paid while it was down; all ${PAYMENTS} SUCCEEDED at the query service`,
    );
    stack.checks.record(describeAudit(audit));

    expect(audit).toMatchObject({
      payments: PAYMENTS,
      lost: 0,
      appliedTwice: 0,
      orderInversions: 0,
      webhooksUnsettled: 0,
    });
    expect(audit.eventsDelivered).toBe(audit.eventsCommitted);
    for (const id of ids) {
      expect(stack.events.events(id, EventTypes.paymentCreated)).toHaveLength(1);
      expect(stack.events.events(id, EventTypes.paymentSucceeded)).toHaveLength(1);
    }
    expect(audit.webhooksApplied).toBe(PAYMENTS);
  }, 240_000);
});
