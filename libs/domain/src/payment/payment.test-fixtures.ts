import { Money } from '../money/money.value-object';
import type { Result } from '../shared/result';
import type { CreatePaymentTransactionInput } from './payment-transaction.inputs';
import { PaymentTransaction } from './payment-transaction.aggregate';

// Builders shared by the payment specs: a payment in each interesting state, with a deterministic clock.

/** The clock's origin in every payment spec. */
export const T0 = new Date('2025-03-01T08:00:00.000Z');

/** `T0` plus `n` minutes. */
export function minutesAfterT0(n: number): Date {
  return new Date(T0.getTime() + n * 60_000);
}

/** The value of a result that must have succeeded. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** An amount of VND. */
export function vnd(units: bigint | number): Money {
  return unwrap(Money.of(units, 'VND'));
}

/** The input of a 100,000 VND e-wallet payment from billing, expiring 15 minutes after T0. */
export function createInput(overrides: Partial<CreatePaymentTransactionInput> = {}): CreatePaymentTransactionInput {
  return {
    id: 'pay-1',
    tenantId: 'tenant-1',
    amount: vnd(100_000n),
    paymentMethod: 'E_WALLET',
    source: { boundedContext: 'billing', transactionId: 'inv-42' },
    gatewayConfigurationId: 'gw-1',
    gatewayType: 'MOMO',
    description: 'Invoice 42',
    returnUrl: 'https://shop.example/return',
    expiresAt: minutesAfterT0(15),
    initiatedByUserId: 'user-7',
    now: T0,
    ...overrides,
  };
}

/** A PENDING payment with its PaymentCreated already pulled. */
export function pendingPayment(overrides: Partial<CreatePaymentTransactionInput> = {}): PaymentTransaction {
  const payment = unwrap(PaymentTransaction.create(createInput(overrides)));
  payment.pullEvents();
  return payment;
}

/** A PROCESSING payment: one attempt, the gateway created the order. Events pulled. */
export function processingPayment(overrides: Partial<CreatePaymentTransactionInput> = {}): PaymentTransaction {
  const payment = pendingPayment(overrides);
  unwrap(payment.startAttempt({ attemptId: 'att-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }));
  unwrap(
    payment.markGatewayOrderCreated({
      attemptId: 'att-1',
      paymentUrl: 'https://gateway.example/pay/ref-1',
      gatewayResponse: { resultCode: 0 },
      now: minutesAfterT0(1),
    }),
  );
  return payment;
}

/** A SUCCEEDED payment captured as gateway transaction `gtx-1`. Events pulled. */
export function capturedPayment(overrides: Partial<CreatePaymentTransactionInput> = {}): PaymentTransaction {
  const payment = processingPayment(overrides);
  unwrap(
    payment.applyGatewayResult({
      outcome: 'succeeded',
      gatewayTransactionId: 'gtx-1',
      amount: payment.amount,
      rawCodes: { resultCode: '0' },
      now: minutesAfterT0(2),
    }),
  );
  payment.pullEvents();
  return payment;
}
