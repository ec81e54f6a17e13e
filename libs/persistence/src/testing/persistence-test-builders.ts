import { randomBytes, randomUUID } from 'node:crypto';
import {
  GatewayConfiguration,
  Money,
  PaymentTransaction,
  type AddGatewayConfigurationInput,
  type CreatePaymentTransactionInput,
  type EventContext,
  type Result,
} from '@ppm/domain';
import { CredentialCipher } from '../secrets/credential-cipher';

// Builders for this library's integration tests: real aggregates through their real factories, with UUIDs where
// the schema has uuid columns.

/** The clock's origin in these tests. */
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

/** An amount of VND (exponent 0). */
export function vnd(units: bigint | number | string): Money {
  return unwrap(Money.of(units, 'VND'));
}

/** A request's event context with fresh ids. */
export function eventContext(): EventContext {
  const traceId = randomUUID();
  return { traceId, correlationId: `corr-${traceId}`, causationId: `cmd-${traceId}` };
}

/** A keyring of one new random key named `kid`, in `PPM_ENCRYPTION_KEYS` form. */
export function keyringEntry(kid: string): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

/** A cipher over a keyring of the given entries (newest first). */
export function cipherOf(...entries: string[]): CredentialCipher {
  return CredentialCipher.fromKeyring(entries.join(','));
}

/** The input of a VNPay configuration of a fresh tenant (override `tenantId` to share one). */
export function gatewayConfigurationInput(
  overrides: Partial<AddGatewayConfigurationInput> = {},
): AddGatewayConfigurationInput {
  return {
    id: randomUUID(),
    tenantId: randomUUID(),
    gatewayType: 'VNPAY',
    name: `VNPay ${randomUUID().slice(0, 8)}`,
    credentials: { tmnCode: `TMN${randomUUID().slice(0, 6)}`, hashSecret: `hash-secret-${randomUUID()}` },
    baseUrl: 'http://localhost:4010/vnpay',
    supportedPaymentMethods: ['ATM_CARD', 'QR_CODE'],
    now: T0,
    ...overrides,
  };
}

/** A new gateway configuration (its GatewayConfigurationAdded not pulled). */
export function newGatewayConfiguration(overrides: Partial<AddGatewayConfigurationInput> = {}): GatewayConfiguration {
  return unwrap(GatewayConfiguration.add(gatewayConfigurationInput(overrides)));
}

/** The input of a 100,000 VND e-wallet payment from billing, expiring 15 minutes after T0. */
export function paymentInput(
  tenantId: string,
  gatewayConfigurationId: string,
  overrides: Partial<CreatePaymentTransactionInput> = {},
): CreatePaymentTransactionInput {
  return {
    id: randomUUID(),
    tenantId,
    amount: vnd(100_000n),
    paymentMethod: 'E_WALLET',
    source: { boundedContext: 'billing', transactionId: `inv-${randomUUID()}` },
    gatewayConfigurationId,
    gatewayType: 'VNPAY',
    description: 'Invoice 42',
    returnUrl: 'https://shop.example/return',
    expiresAt: minutesAfterT0(15),
    initiatedByUserId: 'user-7',
    metadata: { orderLines: 3, channel: 'web' },
    now: T0,
    ...overrides,
  };
}

/** A new PENDING payment (its PaymentCreated not pulled). */
export function newPayment(
  tenantId: string,
  gatewayConfigurationId: string,
  overrides: Partial<CreatePaymentTransactionInput> = {},
): PaymentTransaction {
  return unwrap(PaymentTransaction.create(paymentInput(tenantId, gatewayConfigurationId, overrides)));
}

/** Starts a gateway order on a PENDING payment and has the gateway accept it (no event). */
export function orderCreated(payment: PaymentTransaction): void {
  const attemptId = randomUUID();
  const reference = `ref-${payment.id}`;
  unwrap(
    payment.startAttempt({ attemptId, gatewayRequestId: `req-${attemptId}`, gatewayReference: reference, now: T0 }),
  );
  unwrap(
    payment.markGatewayOrderCreated({
      attemptId,
      paymentUrl: `https://sandbox.example/pay/${reference}`,
      gatewayResponse: { vnp_ResponseCode: '00', nested: { ok: true } },
      now: minutesAfterT0(1),
    }),
  );
}

/** The gateway reports the payment captured (records PaymentSucceeded). */
export function captured(payment: PaymentTransaction, gatewayTransactionId = `gtx-${randomUUID()}`): void {
  unwrap(
    payment.applyGatewayResult({
      outcome: 'succeeded',
      gatewayTransactionId,
      amount: payment.amount,
      rawCodes: { vnp_ResponseCode: '00' },
      now: minutesAfterT0(2),
    }),
  );
}

/** Requests a refund of `amount` at `now` (records RefundRequested); returns the refund id. */
export function refundRequested(
  payment: PaymentTransaction,
  amount: Money,
  options: { sourceRefundId?: string; now?: Date } = {},
): string {
  const refundId = randomUUID();
  unwrap(
    payment.requestRefund({
      refundId,
      amount,
      reason: 'customer returned the goods',
      sourceRefundId: options.sourceRefundId ?? null,
      gatewayRequestId: `rreq-${refundId}`,
      initiatedByUserId: 'operator-1',
      now: options.now ?? minutesAfterT0(3),
    }),
  );
  return refundId;
}
