import type { PaymentTransaction } from '../payment/payment-transaction.aggregate';
import type { DomainError } from '../shared/domain-error';
import type { Result } from '../shared/result';
import type { EventContext } from './event-context';
import type { PaymentReader } from './payment-reader';
import type { RiskDecisionRecord } from './risk-decision.repository';

/**
 * The idempotency key a payment is created under (`scope`: the command's subject). Its record then names the
 * payment, so a retry of a request interrupted after the payment was stored continues that payment.
 */
export interface CreatingRequestKey {
  readonly scope: string;
  readonly key: string;
}

/**
 * What must still hold when a new payment is written, checked by the write itself (`addIfCurrent`): the
 * configuration it was decided on is stored at that version and active, and, when `riskRuleSetVersion` is given, the
 * tenant's risk rule set is still at that version (0: it has none). A configuration or rule set read from a cache is
 * thereby never used for a payment written after it changed. `key`: the request's idempotency key, which the write names the
 * payment in; with `claimFor` (the request's fingerprint) the write claims it too, and writes nothing if it is taken,
 * so the key costs no round trip of its own. `riskDecision`: the risk decision that admitted the payment, when it is
 * worth keeping, written by the same statement.
 */
export interface PaymentCreationTerms {
  readonly configurationVersion: number;
  readonly riskRuleSetVersion?: number;
  readonly riskDecision?: RiskDecisionRecord;
  readonly key?: CreatingRequestKey & { readonly claimFor?: string };
}

/** Why `addIfCurrent` wrote nothing although the payment itself was acceptable: a term no longer held. */
export interface UnmetCreationTerm {
  readonly code: 'CONFIGURATION_CHANGED' | 'RISK_RULES_CHANGED' | 'KEY_TAKEN';
}

/**
 * The reply of the request a payment write finishes, stored in its idempotency key by the same statement (the key
 * must be held by that request): the second round trip of `payment.process` carries the gateway's answer and the
 * request's completion together.
 */
export interface CompletedRequestKey extends CreatingRequestKey {
  readonly reply: unknown;
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
  /** `add`, written only while `terms` hold; nothing is stored when one does not (which one, in the failure). */
  addIfCurrent(
    payment: PaymentTransaction,
    context: EventContext,
    terms: PaymentCreationTerms,
  ): Promise<Result<PaymentTransaction, DomainError | UnmetCreationTerm>>;
  /**
   * `save`, which also claims the request's free idempotency key (for `fingerprint`): KEY_TAKEN, and nothing
   * written, when another request holds it; CONCURRENT_MODIFICATION, and no key claimed, on a stale version.
   */
  saveClaiming(
    payment: PaymentTransaction,
    context: EventContext,
    claim: CreatingRequestKey & { readonly fingerprint: string },
  ): Promise<Result<PaymentTransaction, DomainError | UnmetCreationTerm>>;
  /**
   * Stores the changes of a loaded payment if nobody saved it since it was loaded (its version), else
   * CONCURRENT_MODIFICATION: reload and decide again. Succeeds with the payment as stored, like `add`. `completes`:
   * the request whose reply the same write stores in its idempotency key.
   */
  save(
    payment: PaymentTransaction,
    context: EventContext,
    completes?: CompletedRequestKey,
  ): Promise<Result<PaymentTransaction>>;
}
