import type { Money } from '../money/money.value-object';
import type { IpRange } from './ip-range.value-object';
import type { RiskKey } from './risk-rule';

/** What the risk rules know of a payment about to be opened. */
export interface RiskPaymentFacts {
  readonly tenantId: string;
  /** The payment's id: what its counter entries carry, so counting it again does not count it twice. */
  readonly paymentId: string;
  readonly amount: Money;
  /** The caller's own id of its customer, when it sent one. */
  readonly customerRef: string | null;
  /** The paying customer's address (a single address), when the caller sent one. */
  readonly clientIp: IpRange | null;
  readonly sourceBoundedContext: string;
  /** When the payment is asked for: the end of every window read. */
  readonly at: Date;
}

/** The value of `key` for a payment, in the spelling its counters and lists use; null when the payment has none. */
export function riskKeyValue(facts: RiskPaymentFacts, key: RiskKey): string | null {
  switch (key) {
    case 'customerRef':
      return facts.customerRef;
    case 'clientIp':
      return facts.clientIp === null ? null : facts.clientIp.toString();
    case 'sourceBoundedContext':
      return facts.sourceBoundedContext;
  }
}
