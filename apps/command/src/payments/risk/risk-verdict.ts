import type { RiskDecision, RiskPaymentFacts } from '@ppm/domain';

/** What the risk gate concluded about a new payment, with the facts it judged, to keep with the payment. */
export interface RiskVerdict {
  readonly decision: RiskDecision;
  /** The counters could not be read: the action includes the tenant's choice for that case. */
  readonly countersUnavailable: boolean;
  readonly facts: RiskPaymentFacts;
  readonly sourceTransactionId: string;
}
