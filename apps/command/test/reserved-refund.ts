import { Money, PaymentTransaction } from '@ppm/domain';
import { must, type InMemoryPayments } from './in-memory-payments';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const PAYMENT = '22222222-2222-4222-8222-222222222222';
export const CONFIGURATION = '33333333-3333-4333-8333-333333333333';
export const T0 = new Date('2025-03-01T08:00:00.000Z');

/** Its reserved refund's id. */
export const RESERVED_REFUND = 'refund-1';

/** A captured MoMo payment of 150,000 VND with a refund of 20,000 reserved (REQUESTED), as the handler leaves it. */
export function reservedMomoRefund(payments: InMemoryPayments, gatewayTransactionId = 'momo-1'): PaymentTransaction {
  const payment = must(
    PaymentTransaction.create({
      id: PAYMENT,
      tenantId: TENANT,
      amount: must(Money.of(150_000, 'VND')),
      paymentMethod: 'E_WALLET',
      source: { boundedContext: 'orders', transactionId: 'order-1' },
      gatewayConfigurationId: CONFIGURATION,
      gatewayType: 'MOMO',
      description: 'Order 1',
      returnUrl: 'https://shop.example/return',
      expiresAt: new Date(T0.getTime() + 15 * 60_000),
      now: T0,
    }),
  );
  must(payment.startAttempt({ attemptId: 'attempt-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }));
  must(
    payment.markGatewayOrderCreated({
      attemptId: 'attempt-1',
      paymentUrl: 'https://gateway.example/pay',
      gatewayReference: 'ref-1',
      gatewayResponse: null,
      now: T0,
    }),
  );
  must(
    payment.applyGatewayResult({
      outcome: 'succeeded',
      gatewayTransactionId,
      amount: payment.amount,
      rawCodes: {},
      now: T0,
    }),
  );
  must(
    payment.requestRefund({
      refundId: 'refund-1',
      amount: must(Money.of(20_000, 'VND')),
      reason: 'returned',
      sourceRefundId: 'return-1',
      gatewayRequestId: 'rq0001',
      now: T0,
    }),
  );
  payments.put(payment);
  return payments.stored(PAYMENT);
}
