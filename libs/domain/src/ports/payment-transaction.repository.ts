import type { PaymentTransaction } from '../payment/payment-transaction.aggregate';
import type { Result } from '../shared/result';
import type { EventContext } from './event-context';
import type { PaymentReader } from './payment-reader';

/**
 * The idempotency key a payment is created under (`scope`: the command's subject). Its record then names the
 * payment, so a retry of a request interrupted after the payment was stored continues that payment.
 */
export interface CreatingRequestKey {
  readonly scope: string;
  readonly key: string;
}

/**
 * Where payments live. Every write stores the aggregate and the events it recorded (`pullEvents`) in one
 * transaction, so no state change exists without its event and no event without its state change.
 */
export interface PaymentTransactionRepository extends PaymentReader {
  /** The payment, only if it belongs to `tenantId` (another tenant's id is "not found"). */
  findById(tenantId: string, id: string): Promise<PaymentTransaction | null>;
  /** The live (not failed, cancelled or expired) payment of a caller's source transaction. */
  findLiveBySource(tenantId: string, boundedContext: string, transactionId: string): Promise<PaymentTransaction | null>;
  /**
   * Stores a new payment. DUPLICATE_SOURCE_TRANSACTION when its source already has a live payment. Succeeds with
   * the payment as stored, at its stored version: change it further from that one, not from the object passed in
   * (which stays at the version it was loaded at). `createdUnder`: the request's idempotency key, which the same
   * write points at the payment.
   */
  add(
    payment: PaymentTransaction,
    context: EventContext,
    createdUnder?: CreatingRequestKey,
  ): Promise<Result<PaymentTransaction>>;
  /**
   * Stores the changes of a loaded payment if nobody saved it since it was loaded (its version), else
   * CONCURRENT_MODIFICATION: reload and decide again. Succeeds with the payment as stored, like `add`.
   */
  save(payment: PaymentTransaction, context: EventContext): Promise<Result<PaymentTransaction>>;
}
