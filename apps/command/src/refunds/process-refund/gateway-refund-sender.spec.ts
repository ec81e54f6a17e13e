import {
  type GatewayConfiguration,
  type GatewayConfigurationRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import { GatewayCallError, type PaymentGateways, type RefundRequest, type RefundStatus } from '@ppm/gateways';
import { Clock } from '../../shared/clock';
import { PaymentSaver } from '../../shared/payment-saver';
import { InMemoryPayments } from '../../../test/in-memory-payments';
import { CONFIGURATION, PAYMENT, RESERVED_REFUND, reservedMomoRefund, TENANT } from '../../../test/reserved-refund';
import { IdGenerator } from '../../shared/id-generator';
import { GatewayRefundSender } from './gateway-refund-sender';
import { ProcessRefundCommand } from './process-refund.command';
import { ProcessRefundHandler } from './process-refund.handler';

const context = { traceId: 'trace-refund-1', correlationId: 'trace-refund-1', causationId: null };

/**
 * A sender over `payments` whose MoMo gateway refunds at once, recording every request it was sent; the first
 * `crashes` calls throw after the gateway got the request (as when our process fails before recording the answer).
 * With `answer`, every call fails with it (an error) or is answered with its outcome and code instead.
 */
function refundingSender(
  payments: InMemoryPayments,
  crashes = 0,
  answer?: GatewayCallError | Pick<RefundStatus, 'outcome' | 'rawCode'>,
): { sender: GatewayRefundSender; refunded: RefundRequest[] } {
  const refunded: RefundRequest[] = [];
  const gateways = {
    forAccount: () => ({
      refund: (request: RefundRequest): Promise<RefundStatus> => {
        refunded.push(request);
        if (answer instanceof GatewayCallError) return Promise.reject(answer);
        if (refunded.length <= crashes) return Promise.reject(new Error('connection to Postgres lost'));
        return Promise.resolve({
          outcome: 'succeeded',
          gatewayRefundId: 'momo-refund-1',
          refundRequestId: request.refundRequestId,
          rawCode: '0',
          raw: { message: 'Giao dịch hoàn tiền bị từ chối.' },
          ...answer,
        });
      },
    }),
  } as unknown as PaymentGateways;
  const account = {
    configuration: { id: CONFIGURATION, gatewayType: 'MOMO', baseUrl: null } as unknown as GatewayConfiguration,
    credentials: { partnerCode: 'MOMO1', accessKey: 'a', secretKey: 's' },
  } as StoredGatewayConfiguration;
  const configurations = { findById: () => Promise.resolve(account) } as unknown as GatewayConfigurationRepository;
  const sender = new GatewayRefundSender(
    payments,
    configurations,
    { defaultBaseUrl: 'http://sandbox.local', workerPublicUrl: 'http://worker.local' },
    gateways,
    new PaymentSaver(payments),
    new Clock(),
  );
  return { sender, refunded };
}

describe('GatewayRefundSender', () => {
  it('records a refund the gateway made even when many other refunds of the payment save first', async () => {
    const payments = new InMemoryPayments();
    const { sender, refunded } = refundingSender(payments);
    const [payment, refundId] = [reservedMomoRefund(payments), RESERVED_REFUND];
    // A race of a dozen refunds: more writers get in first than a plain retry budget allows for.
    payments.contended = 12;

    const sent = await sender.send(payment, payment.findRefund(refundId)!, 'operator-1', context);

    expect(refunded).toHaveLength(1);
    expect(sent.kind).toBe('settled');
    const stored = payments.stored(PAYMENT);
    expect(stored.findRefund(refundId)?.status).toBe('SUCCEEDED');
    expect(stored.status).toBe('PARTIALLY_REFUNDED');
  });
});

describe('GatewayRefundSender on a failed call', () => {
  it.each([
    ['an HTTP 500', GatewayCallError.unknown('MoMo answered HTTP 500', '500')],
    ['MoMo 99 (unknown error)', GatewayCallError.unknown('MoMo could not say how the refund went (code 99)', '99')],
    ['a timeout', new GatewayCallError('GATEWAY_TIMEOUT', 'MoMo did not answer', 'unknown')],
  ])('keeps the refund PROCESSING with its amount reserved after %s', async (_, failure) => {
    const payments = new InMemoryPayments();
    const { sender } = refundingSender(payments, 0, failure);
    const [payment, refundId] = [reservedMomoRefund(payments), RESERVED_REFUND];
    const sent = await sender.send(payment, payment.findRefund(refundId)!, 'operator-1', context);
    expect(sent).toMatchObject({ kind: 'unknown', error: failure });
    const stored = payments.stored(PAYMENT);
    expect(stored.findRefund(refundId)?.status).toBe('PROCESSING');
    expect(stored.refundableAmount().minorUnits).toBe(130_000n);
  });

  it('releases the amount only on an explicit refusal, recording PPM’s words and the gateway’s code', async () => {
    const payments = new InMemoryPayments();
    const failure = GatewayCallError.refused('MoMo refused the refund (code 11)', '11');
    const { sender } = refundingSender(payments, 0, failure);
    const [payment, refundId] = [reservedMomoRefund(payments), RESERVED_REFUND];
    expect(await sender.send(payment, payment.findRefund(refundId)!, 'operator-1', context)).toMatchObject({
      kind: 'settled',
    });
    const stored = payments.stored(PAYMENT);
    expect(stored.findRefund(refundId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'MoMo refused the refund (code 11)',
    });
    expect(stored.refundableAmount().minorUnits).toBe(150_000n);
  });

  it('records a decline the gateway answered with PPM’s words and its code, never its text', async () => {
    const payments = new InMemoryPayments();
    const { sender } = refundingSender(payments, 0, { outcome: 'failed', rawCode: '1080' });
    const [payment, refundId] = [reservedMomoRefund(payments), RESERVED_REFUND];
    await sender.send(payment, payment.findRefund(refundId)!, 'operator-1', context);
    expect(payments.stored(PAYMENT).findRefund(refundId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'The gateway declined the refund (code 1080)',
    });
  });
});

describe('ProcessRefundHandler', () => {
  it('sends a repeated refund still REQUESTED (its sender died) with its own gateway request id, once', async () => {
    const payments = new InMemoryPayments();
    const { sender, refunded } = refundingSender(payments);
    reservedMomoRefund(payments);
    const refundId = RESERVED_REFUND;
    const handler = new ProcessRefundHandler(
      payments,
      new PaymentSaver(payments),
      sender,
      new Clock(),
      new IdGenerator(),
    );
    const retry = new ProcessRefundCommand(
      { tenantId: TENANT, traceId: 'trace-refund-2' },
      { transactionId: PAYMENT, amount: 20_000, reason: 'returned', sourceRefundId: 'return-1' },
    );

    const first = await handler.execute(retry);
    const again = await handler.execute(retry);

    expect(first).toEqual({
      success: true,
      data: { refundId, transactionId: PAYMENT, status: 'SUCCEEDED', amount: 20_000, remainingRefundable: 130_000 },
    });
    expect(again).toEqual(first);
    expect(refunded.map((request) => request.refundRequestId)).toEqual(['rq0001']);
  });

  it('finds the refund again by its idempotency key when it names no sourceRefundId: a retry never refunds twice', async () => {
    const payments = new InMemoryPayments();
    const { sender, refunded } = refundingSender(payments, 1);
    reservedMomoRefund(payments);
    const handler = new ProcessRefundHandler(
      payments,
      new PaymentSaver(payments),
      sender,
      new Clock(),
      new IdGenerator(),
    );
    const request = new ProcessRefundCommand(
      { tenantId: TENANT, traceId: 'trace-refund-3', idempotencyKey: 'refund-order-1-a' },
      { transactionId: PAYMENT, amount: 30_000, reason: 'damaged' },
    );

    // The first execution fails after the gateway got the refund; the idempotency key is released, the caller retries.
    await expect(handler.execute(request)).rejects.toThrow('connection to Postgres lost');
    const retried = await handler.execute(request);

    expect(retried).toMatchObject({ success: true, data: { status: 'SUCCEEDED', amount: 30_000 } });
    const refunds = payments.stored(PAYMENT).refunds.filter((r) => r.reason === 'damaged');
    expect(refunds.map((r) => r.sourceRefundId)).toEqual(['idempotency-key:refund-order-1-a']);
    expect(refunded.map((r) => r.refundRequestId)).toEqual([
      refunds[0]?.gatewayRequestId,
      refunds[0]?.gatewayRequestId,
    ]);
  });
});
