import type { Currency } from '../money/currency';
import type { RiskDecision } from '../risk/risk-decision';
import type { PaymentRiskBlocked } from '../risk/risk-decision.events';
import type { EventContext } from './event-context';

/** Injection token of the `RiskDecisionRepository` port. */
export const RISK_DECISIONS = Symbol('RiskDecisionRepository');

/** A decision worth keeping: one that hit a rule, or was taken without the counters. */
export interface RiskDecisionRecord {
  readonly id: string;
  readonly tenantId: string;
  /** The stored payment it decided; null for a refusal (a blocked payment is never stored). */
  readonly paymentId: string | null;
  readonly source: { readonly boundedContext: string; readonly transactionId: string };
  readonly decision: RiskDecision;
  /** The counters could not be read: the decision is the tenant's fail-open or fail-closed choice. */
  readonly countersUnavailable: boolean;
  readonly amount: { readonly minorUnits: bigint; readonly currency: Currency };
  readonly customerRef: string | null;
  readonly clientIp: string | null;
  readonly decidedAt: Date;
}

/** An operator's answer to a payment held for review. */
export interface RiskReviewRecord {
  readonly decision: 'APPROVE' | 'REJECT';
  readonly reviewedBy: string | null;
  readonly note: string | null;
  readonly reviewedAt: Date;
}

/** The risk decisions of each tenant, for the payment timeline and the record of refusals. */
export interface RiskDecisionRepository {
  /**
   * Stores a refusal with its `ppm.payment.risk-blocked.v1` event and audit record, in one transaction, while the
   * tenant's rule set is still at the version the refusal was decided on; false, and nothing stored, once it is not.
   */
  addBlocked(record: RiskDecisionRecord, event: PaymentRiskBlocked, context: EventContext): Promise<boolean>;
  /** Records the operator's answer on the decision that held the payment; false when there is none. */
  recordReview(tenantId: string, paymentId: string, review: RiskReviewRecord): Promise<boolean>;
}
