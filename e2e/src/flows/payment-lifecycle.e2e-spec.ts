import { randomUUID } from 'node:crypto';
import { EventTypes, Subjects, type ProcessPaymentReply, type ProcessRefundReply } from '@ppm/contracts';
import { eventually } from '@ppm/testing';
import { GATEWAYS, PpmStack } from '../support/ppm-stack';

// The whole flow of a payment on the running processes: NATS command → gateway (sandbox) → customer → webhook →
// command → outbox → RabbitMQ → query. Every outcome a caller can meet, per gateway where the gateways differ.
describe('payment lifecycle through every PPM process', () => {
  let stack: PpmStack;
  let expiring: ProcessPaymentReply;

  const eventCount = (transactionId: string, type: string) => stack.events.events(transactionId, type).length;

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'payment lifecycle' });
    // The shortest expiry a caller may ask is a minute: this payment ages while the other tests run.
    expiring = await stack.pay('ZALOPAY', { expiresInMinutes: 1 });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it.each(GATEWAYS)(
    '%s: process → pay at the gateway → webhook → SUCCEEDED, one event on RabbitMQ, the query shows it',
    async (gatewayType) => {
      const payment = await stack.pay(gatewayType);
      expect(payment).toMatchObject({ status: 'PROCESSING', gatewayType });
      expect(payment.paymentUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      await stack.events.waitFor(payment.transactionId, EventTypes.paymentCreated);

      const completed = await stack.complete(gatewayType, payment, 'succeeded');
      expect(completed.delivery?.acknowledged).toBe(true);

      const [succeeded] = await stack.events.waitFor(payment.transactionId, EventTypes.paymentSucceeded);
      const view = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
      expect(view).toMatchObject({ amount: 150_000, currency: 'VND', gatewayType, lateCapture: false });
      expect(view.gatewayTransactionId).toEqual(expect.any(String));
      expect(view.timeline.map((t) => t.status)).toEqual(['PENDING', 'PROCESSING', 'SUCCEEDED']);
      expect(succeeded).toMatchObject({ tenantId: stack.tenant.tenantId, aggregateVersion: view.version });
      const webhooks = await stack.webhooksOf(payment.gatewayReference ?? '');
      expect(webhooks.map((w) => [w.verification, w.processingStatus])).toEqual([['VERIFIED', 'APPLIED']]);
      expect(eventCount(payment.transactionId, EventTypes.paymentSucceeded)).toBe(1);
      stack.checks.record(
        `${gatewayType}: paid in the sandbox → webhook APPLIED once → SUCCEEDED (query v${view.version}), ` +
          `1 × ${EventTypes.paymentSucceeded} on RabbitMQ`,
      );
    },
  );

  it.each(['VNPAY', 'MOMO'] as const)(
    '%s: the customer fails at the gateway → FAILED with the gateway code, one failed event',
    async (gatewayType) => {
      const payment = await stack.pay(gatewayType);
      await stack.complete(gatewayType, payment, 'failed');
      const view = await stack.waitForStatus(payment.transactionId, 'FAILED');
      expect(view.failureCode).toEqual(expect.any(String));
      await stack.events.waitFor(payment.transactionId, EventTypes.paymentFailed);
      expect(eventCount(payment.transactionId, EventTypes.paymentSucceeded)).toBe(0);
      stack.checks.record(`${gatewayType}: customer failed → FAILED (${view.failureCode}), 1 × payment.failed.v1`);
    },
  );

  it('ZALOPAY: a failure (never called back) is found by the status sync → FAILED, one failed event', async () => {
    const payment = await stack.pay('ZALOPAY');
    const completed = await stack.complete('ZALOPAY', payment, 'failed');
    expect(completed.delivery).toBeNull();
    await stack.waitForStatus(payment.transactionId, 'FAILED');
    await stack.events.waitFor(payment.transactionId, EventTypes.paymentFailed);
    expect(eventCount(payment.transactionId, EventTypes.paymentFailed)).toBe(1);
    stack.checks.record('ZALOPAY: customer failed, no callback → stuck-payment sync → FAILED, 1 × payment.failed.v1');
  });

  it.each([
    ['VNPAY', 'vnp_ResponseCode=24'],
    ['MOMO', 'resultCode=1003'],
  ] as const)(
    '%s: the customer cancels at the gateway (%s) → CANCELLED, one cancelled event, the webhook acknowledged',
    async (gatewayType, code) => {
      const payment = await stack.pay(gatewayType);
      const completed = await stack.complete(gatewayType, payment, 'cancelled');
      expect(completed.delivery?.acknowledged).toBe(true);
      const view = await stack.waitForStatus(payment.transactionId, 'CANCELLED');
      expect(view.failureCode).toBeNull();
      expect(view.timeline.map((t) => t.status)).toEqual(['PENDING', 'PROCESSING', 'CANCELLED']);
      const [cancelled] = await stack.events.waitFor(payment.transactionId, EventTypes.paymentCancelled);
      expect(cancelled).toMatchObject({ data: { cancelledBy: 'GATEWAY' } });
      const webhooks = await stack.webhooksOf(payment.gatewayReference ?? '');
      expect(webhooks.map((w) => [w.verification, w.processingStatus])).toEqual([['VERIFIED', 'APPLIED']]);
      expect(eventCount(payment.transactionId, EventTypes.paymentCancelled)).toBe(1);
      expect(eventCount(payment.transactionId, EventTypes.paymentFailed)).toBe(0);
      stack.checks.record(
        `${gatewayType}: customer cancelled at the gateway (${code}) → CANCELLED, 1 × payment.cancelled.v1, ` +
          'webhook acknowledged',
      );
    },
  );

  it('MOMO: the command service dies mid payment.process; the retry with the same key resumes the payment', async () => {
    const sourceTransactionId = `ORD-${randomUUID()}`;
    const idempotencyKey = randomUUID();
    const body = {
      sourceBoundedContext: 'orders',
      sourceTransactionId,
      amount: 150_000,
      currency: 'VND',
      paymentMethodType: 'E_WALLET',
      description: 'Order e2e',
      returnUrl: 'https://shop.example/return',
      gatewayConfigurationId: stack.tenant.configurationIds.MOMO,
    };
    const process = () => stack.request<ProcessPaymentReply>(Subjects.command.paymentProcess, body, { idempotencyKey });
    // MoMo holds the create call: the payment is committed, the order not yet sent, when the process dies.
    await stack.sandbox.setFault({ gatewayType: 'MOMO', latencyMs: 30_000 });
    const cut = process();
    const [crashed] = await eventually(
      () =>
        stack.rows<{ id: string; status: string }>(
          `SELECT id, status FROM payment_transactions WHERE source_transaction_id = $1`,
          [sourceTransactionId],
        ),
      (rows) => rows.length === 1,
      { what: 'the payment committed before the gateway call', timeoutMs: 10_000 },
    );
    await stack.killCommand();
    await stack.sandbox.clearFaults();
    await stack.restartCommand();
    expect((await cut).success).toBe(false);
    expect(crashed).toMatchObject({ status: 'PENDING' });
    expect(await process()).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' } });

    // Once the dead execution's lock has run out (60 s), the retry takes the key over and continues the payment.
    const resumed = await eventually(process, (reply) => reply.success, {
      what: 'the retry resumes the payment',
      timeoutMs: 90_000,
      intervalMs: 2_000,
    });
    if (!resumed.success) throw new Error('unreachable: eventually returned a failed reply');
    expect(resumed.data).toMatchObject({ transactionId: crashed?.id, status: 'PROCESSING', gatewayType: 'MOMO' });
    expect(resumed.data.paymentUrl).toContain(resumed.data.gatewayReference ?? 'no reference');
    expect(await process()).toEqual(resumed);
    const payments = await stack.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_transactions WHERE source_transaction_id = $1`,
      [sourceTransactionId],
    );
    expect(payments).toEqual([{ n: 1 }]);
    await stack.complete('MOMO', resumed.data, 'succeeded');
    await stack.waitForStatus(resumed.data.transactionId, 'SUCCEEDED');
    stack.checks.record(
      'MOMO: command SIGKILLed between the PENDING commit and the gateway call → same key IN_PROGRESS, then after ' +
        'the lock the retry resumes the same payment (payment URL, 1 row), paid → SUCCEEDED',
    );
  }, 150_000);

  it('VNPAY: the caller cancels over NATS; a payment the customer still completes is a late capture, never dropped', async () => {
    const payment = await stack.pay('VNPAY');
    const cancelled = await stack.ok<{ status: string }>(Subjects.command.paymentCancel, {
      transactionId: payment.transactionId,
      reason: 'order abandoned',
    });
    expect(cancelled.status).toBe('CANCELLED');
    const again = await stack.request(Subjects.command.paymentCancel, {
      transactionId: payment.transactionId,
      reason: 'twice',
    });
    expect(again).toMatchObject({ success: false, error: { code: 'INVALID_STATE_TRANSITION' } });
    await stack.events.waitFor(payment.transactionId, EventTypes.paymentCancelled);

    await stack.complete('VNPAY', payment, 'succeeded');
    await stack.events.waitFor(payment.transactionId, EventTypes.paymentLateCaptured);
    const view = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    expect(view.lateCapture).toBe(true);
    expect(eventCount(payment.transactionId, EventTypes.paymentSucceeded)).toBe(1);
    expect(eventCount(payment.transactionId, EventTypes.paymentCancelled)).toBe(1);
    stack.checks.record(
      'VNPAY: caller cancel → CANCELLED (second cancel INVALID_STATE_TRANSITION); a later capture → SUCCEEDED, ' +
        'lateCapture, 1 × payment.late-captured.v1',
    );
  });

  it('MOMO: two partial refunds succeed, a third beyond the captured amount is refused, the rest refunds fully', async () => {
    const payment = await stack.pay('MOMO');
    await stack.complete('MOMO', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    const refund = (amount: number) =>
      stack.request<ProcessRefundReply>(Subjects.command.refundProcess, {
        transactionId: payment.transactionId,
        amount,
        reason: 'returned goods',
        sourceRefundId: `RF-${randomUUID()}`,
      });

    const first = await refund(50_000);
    const second = await refund(60_000);
    expect(first).toMatchObject({ success: true, data: { status: 'SUCCEEDED', remainingRefundable: 100_000 } });
    expect(second).toMatchObject({ success: true, data: { status: 'SUCCEEDED', remainingRefundable: 40_000 } });
    const third = await refund(40_001);
    expect(third).toMatchObject({ success: false, error: { code: 'REFUND_EXCEEDS_REFUNDABLE' } });

    const partial = await stack.waitForStatus(payment.transactionId, 'PARTIALLY_REFUNDED');
    expect(partial.refundedAmount).toBe(110_000);
    expect(partial.refunds.map((r) => [r.amount, r.status])).toEqual([
      [50_000, 'SUCCEEDED'],
      [60_000, 'SUCCEEDED'],
    ]);
    await stack.events.waitFor(payment.transactionId, EventTypes.refundProcessed, 2);

    expect(await refund(40_000)).toMatchObject({ success: true, data: { remainingRefundable: 0 } });
    const full = await stack.waitForStatus(payment.transactionId, 'REFUNDED');
    expect(full.refundedAmount).toBe(150_000);
    await stack.events.waitFor(payment.transactionId, EventTypes.refundProcessed, 3);
    expect(eventCount(payment.transactionId, EventTypes.refundProcessed)).toBe(3);
    stack.checks.record(
      'MOMO: refunds 50,000 + 60,000 of 150,000 → PARTIALLY_REFUNDED (110,000); 40,001 more → ' +
        'REFUND_EXCEEDS_REFUNDABLE; 40,000 → REFUNDED; 3 × refund.processed.v1',
    );
  });

  it('VNPAY: 12 concurrent refunds of 20,000 on 150,000 never refund more than was captured', async () => {
    const payment = await stack.pay('VNPAY');
    await stack.complete('VNPAY', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');

    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stack.request<ProcessRefundReply>(Subjects.command.refundProcess, {
          transactionId: payment.transactionId,
          amount: 20_000,
          reason: `race ${i}`,
        }),
      ),
    );
    const accepted = replies.filter((r) => r.success);
    const refused = replies.flatMap((r) => (r.success ? [] : [r.error.code]));
    expect(new Set(refused)).toEqual(
      new Set(refused.filter((c) => c === 'REFUND_EXCEEDS_REFUNDABLE' || c === 'CONCURRENT_MODIFICATION')),
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length * 20_000).toBeLessThanOrEqual(150_000);

    // Whatever the interleaving, the refunds on record are exactly the accepted ones, and they fit the capture.
    const view = await eventually(
      () => stack.transaction(payment.transactionId),
      (r) => r.success && r.data.refunds.every((f) => f.status === 'SUCCEEDED'),
      { what: 'the accepted refunds settle' },
    );
    const refunds = view.success ? view.data.refunds : [];
    expect(refunds).toHaveLength(accepted.length);
    const refunded = refunds.reduce((sum, r) => sum + r.amount, 0);
    expect(refunded).toBeLessThanOrEqual(150_000);
    expect(view.success && view.data.refundedAmount).toBe(refunded);
    await stack.events.waitFor(payment.transactionId, EventTypes.refundProcessed, accepted.length);
    expect(eventCount(payment.transactionId, EventTypes.refundProcessed)).toBe(accepted.length);
    stack.checks.record(
      `VNPAY: refund race, 12 × 20,000 at once on 150,000 → ${accepted.length} accepted (${refunded}), ` +
        `${refused.length} refused (${[...new Set(refused)].join(', ')}), never above the capture`,
    );
  });

  it('ZALOPAY: an order left unpaid past its expiry → EXPIRED by the status sync; paying it later is a late capture', async () => {
    const remainingMs = new Date(expiring.expiresAt).getTime() - Date.now();
    await stack.waitForStatus(expiring.transactionId, 'EXPIRED', { timeoutMs: Math.max(remainingMs, 0) + 30_000 });
    await stack.events.waitFor(expiring.transactionId, EventTypes.paymentExpired);
    // ZaloPay keeps its order open longer (5 minutes at least): only PPM's own expiry closed the payment.
    const order = (await (
      await fetch(`${stack.sandboxUrl}/sandbox/orders/zalopay/${expiring.gatewayReference ?? ''}`)
    ).json()) as { status: string };
    expect(order.status).toBe('pending');

    await stack.complete('ZALOPAY', expiring, 'succeeded');
    await stack.events.waitFor(expiring.transactionId, EventTypes.paymentLateCaptured);
    const view = await stack.waitForStatus(expiring.transactionId, 'SUCCEEDED');
    expect(view.lateCapture).toBe(true);
    expect(eventCount(expiring.transactionId, EventTypes.paymentExpired)).toBe(1);
    stack.checks.record(
      'ZALOPAY: unpaid past expiresInMinutes=1 → EXPIRED, 1 × payment.expired.v1; paid afterwards → late capture',
    );
  }, 150_000);
});
