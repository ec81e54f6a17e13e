import { randomUUID } from 'node:crypto';
import {
  Subjects,
  type ProcessPaymentReply,
  type ProcessRefundReply,
  type RefundView,
  type Reply,
} from '@ppm/contracts';
import { eventually } from '@ppm/testing';
import { GATEWAYS, PpmStack } from '../support/ppm-stack';

// Money crosses PPM's edges only in a currency the gateway takes, and an answer that does not say what happened
// never releases money: on the running processes, against the gateway sandbox.
describe('money boundaries', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'money boundaries' });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  // What a refused request must not leave behind: payments, their outbox events, a stored success reply.
  const stored = async (): Promise<{ payments: number; outbox: number; successReplies: number }> => {
    const [row] = await stack.rows<{ payments: number; outbox: number; successReplies: number }>(
      `SELECT (SELECT count(*)::int FROM payment_transactions WHERE tenant_id = $1) AS payments,
              (SELECT count(*)::int FROM outbox_events WHERE tenant_id = $1) AS outbox,
              (SELECT count(*)::int FROM idempotency_keys
                WHERE tenant_id = $1 AND (response->>'success')::boolean) AS "successReplies"`,
      [stack.tenant.tenantId],
    );
    if (!row) throw new Error('no counts');
    return row;
  };

  const sandboxOrder = async (
    reference: string,
    gatewayType: 'MOMO' | 'VNPAY' = 'MOMO',
  ): Promise<{ refunds: unknown[]; refundedAmount: number }> => {
    const response = await fetch(`${stack.sandboxUrl}/sandbox/orders/${gatewayType.toLowerCase()}/${reference}`);
    if (!response.ok) throw new Error(`sandbox order ${reference}: HTTP ${response.status}`);
    return (await response.json()) as { refunds: unknown[]; refundedAmount: number };
  };

  it.each(GATEWAYS)(
    '%s: a USD payment is refused UNSUPPORTED_CURRENCY and nothing is stored or sent',
    async (gatewayType) => {
      const before = await stored();
      const body = {
        sourceBoundedContext: 'orders',
        sourceTransactionId: `ORD-${randomUUID()}`,
        amount: 1_000,
        currency: 'USD',
        paymentMethodType: 'E_WALLET',
        description: 'Order in dollars',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: stack.tenant.configurationIds[gatewayType],
      };
      const reply = await stack.request<ProcessPaymentReply>(Subjects.command.paymentProcess, body, {
        idempotencyKey: randomUUID(),
      });
      expect(reply).toEqual({
        success: false,
        error: {
          code: 'UNSUPPORTED_CURRENCY',
          message: `${gatewayType} does not take USD`,
          details: { gatewayType, currency: 'USD', supportedCurrencies: ['VND'] },
        },
      });
      expect(await stored()).toEqual(before);
      stack.checks.record(
        `${gatewayType}: USD 10.00 → UNSUPPORTED_CURRENCY; payments, outbox, success replies unchanged`,
      );
    },
  );

  it('a refund naming a currency is refused: the contract has none, a refund is in the payment’s currency', async () => {
    const payment = await stack.pay('MOMO');
    await stack.complete('MOMO', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    const before = await stored();
    const reply = await stack.request<ProcessRefundReply>(Subjects.command.refundProcess, {
      transactionId: payment.transactionId,
      amount: 150_000,
      currency: 'USD',
      reason: 'returned goods',
    });
    expect(reply).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(await stored()).toEqual(before);
    expect((await sandboxOrder(payment.gatewayReference ?? '')).refunds).toEqual([]);
    stack.checks.record('MOMO: a refund naming USD → VALIDATION_ERROR; nothing reserved, nothing sent');
  });

  // MoMo's payment query lists the refunds it made; VNPay's querydr reports the payment's latest refund.
  it.each(['MOMO', 'VNPAY'] as const)(
    '%s: a refund answered HTTP 500 after the gateway made it stays PROCESSING, blocks a second, and is settled by the sync',
    async (gatewayType) => {
      const payment = await stack.pay(gatewayType);
      await stack.complete(gatewayType, payment, 'succeeded');
      await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
      const refund = () =>
        stack.request<ProcessRefundReply>(Subjects.command.refundProcess, {
          transactionId: payment.transactionId,
          amount: 150_000,
          reason: 'returned goods',
          sourceRefundId: `RF-${randomUUID()}`,
        });

      // The sandbox refunds, then answers HTTP 500: exactly the answer that must not read as a decline.
      await stack.sandbox.setFault({ gatewayType, mode: 'error-after-processing' });
      let first: Reply<ProcessRefundReply>;
      try {
        first = await refund();
      } finally {
        await stack.sandbox.clearFaults();
      }
      expect(first).toMatchObject({
        success: false,
        error: {
          code: 'GATEWAY_ERROR',
          details: { status: 'PROCESSING', amount: 150_000, remainingRefundable: 0, gatewayCode: '500' },
        },
      });
      if (first.success) throw new Error('unreachable');
      const { refundId } = first.error.details as ProcessRefundReply;
      expect((await sandboxOrder(payment.gatewayReference ?? '', gatewayType)).refundedAmount).toBe(150_000);

      const second = await refund();
      expect(second).toMatchObject({ success: false, error: { code: 'REFUND_EXCEEDS_REFUNDABLE' } });

      // The worker's stuck-payment job asks the gateway about the payment, whose answer reports the refund it made.
      const settled = await eventually(
        () => stack.request<RefundView>(Subjects.query.refundGet, { refundId }),
        (r) => r.success && r.data.status === 'SUCCEEDED',
        { what: `refund ${refundId} reads SUCCEEDED`, timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(settled).toMatchObject({ success: true, data: { amount: 150_000, failureReason: null } });
      const view = await stack.waitForStatus(payment.transactionId, 'REFUNDED');
      expect(view.refunds.map((r) => [r.amount, r.status])).toEqual([[150_000, 'SUCCEEDED']]);
      expect((await sandboxOrder(payment.gatewayReference ?? '', gatewayType)).refunds).toHaveLength(1);
      stack.checks.record(
        `${gatewayType}: full refund done, answered HTTP 500 → GATEWAY_ERROR, PROCESSING, 150,000 reserved; a second ` +
          'full refund → REFUND_EXCEEDS_REFUNDABLE; the sync settles the first → SUCCEEDED; refunded once',
      );
    },
  );

  it('an order the gateway opened but answered HTTP 500 stays in flight instead of failing', async () => {
    await stack.sandbox.setFault({ gatewayType: 'MOMO', mode: 'error-after-processing' });
    let reply: Reply<ProcessPaymentReply>;
    try {
      reply = await stack.request<ProcessPaymentReply>(Subjects.command.paymentProcess, {
        sourceBoundedContext: 'orders',
        sourceTransactionId: `ORD-${randomUUID()}`,
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'Order e2e',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: stack.tenant.configurationIds.MOMO,
      });
    } finally {
      await stack.sandbox.clearFaults();
    }
    expect(reply).toMatchObject({
      success: false,
      error: { code: 'GATEWAY_ERROR', details: { status: 'PROCESSING', paymentUrl: null, gatewayCode: '500' } },
    });
    if (reply.success) throw new Error('unreachable');
    const { transactionId, gatewayReference } = reply.error.details as ProcessPaymentReply;
    await sandboxOrder(gatewayReference ?? ''); // MoMo holds the order
    const view = await stack.waitForStatus(transactionId, 'PROCESSING');
    expect(view.failureReason).toBeNull();
    stack.checks.record('MOMO: order opened, answered HTTP 500 → GATEWAY_ERROR, payment stays PROCESSING');
  });
});
