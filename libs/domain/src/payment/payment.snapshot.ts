import type { GatewayType } from '../gateway-configuration/gateway-type';
import type { Money } from '../money/money.value-object';
import type { Refund, RefundSnapshot } from '../refund/refund.entity';
import type { PaymentAttempt, PaymentAttemptSnapshot } from './payment-attempt.entity';
import type { PaymentMethod } from './payment-method';
import type { PaymentStatus } from './payment-status';

/** The caller's own transaction a payment settles: one payment per (tenant, source) unless the earlier failed. */
export interface PaymentSource {
  /** The calling bounded context (`billing`, `orders`, …). */
  readonly boundedContext: string;
  /** The caller's id of the thing being paid for. */
  readonly transactionId: string;
}

/**
 * Everything a `PaymentTransaction` is, as plain data: what the persistence mapper writes and
 * `PaymentTransaction.restore` reads back. Amounts are `Money` itself (immutable, bigint minor units, `toJSON` to
 * a decimal string) rather than a `{ amount, currency }` pair, so a restored aggregate never re-parses an amount
 * and the mapper owns the column split. Dates are `Date`. Optional facts are `null`, never absent.
 */
export interface PaymentTransactionSnapshot {
  readonly id: string;
  readonly tenantId: string;
  readonly amount: Money;
  readonly paymentMethod: PaymentMethod;
  readonly status: PaymentStatus;
  readonly source: PaymentSource;
  readonly gatewayConfigurationId: string;
  readonly gatewayType: GatewayType;
  /** Our order reference at the gateway; null until the first attempt starts. */
  readonly gatewayReference: string | null;
  /** The gateway's id of the captured payment; set when the gateway reports an outcome with one. */
  readonly gatewayTransactionId: string | null;
  readonly description: string;
  readonly returnUrl: string;
  readonly paymentUrl: string | null;
  readonly expiresAt: Date;
  readonly initiatedByUserId: string | null;
  readonly metadata: Readonly<Record<string, unknown>> | null;
  /** Who pays, as the caller named them: its customer id and the customer's IP address. */
  readonly customerRef: string | null;
  readonly clientIp: string | null;
  /** Where this payment's own events are also delivered, signed with its tenant's webhook secret. */
  readonly callbackUrl: string | null;
  /** The gateway captured the money after we had failed, cancelled or expired the payment. */
  readonly lateCapture: boolean;
  readonly failureCode: string | null;
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When the payment reached its outcome (SUCCEEDED, FAILED, CANCELLED, EXPIRED); refunds don't move it. */
  readonly completedAt: Date | null;
  /**
   * The persisted version the aggregate was loaded at (0 for one never saved). The aggregate never changes it;
   * the repository saves with `WHERE version = :version` and increments it (optimistic concurrency, which is
   * also what keeps concurrent refund requests from over-reserving the captured amount).
   */
  readonly version: number;
  readonly attempts: readonly PaymentAttemptSnapshot[];
  readonly refunds: readonly RefundSnapshot[];
}

/** The aggregate's working state: the snapshot with its children as (immutable) entities. Internal to the domain. */
export type PaymentTransactionState = Omit<PaymentTransactionSnapshot, 'attempts' | 'refunds'> & {
  readonly attempts: readonly PaymentAttempt[];
  readonly refunds: readonly Refund[];
};
