import type { TransactionView } from '@ppm/contracts';

/** Cache TTLs of transactions, by how settled they are. */
export interface TransactionTtls {
  inFlightMs: number;
  finalMs: number;
}

/**
 * How long a transaction may stay cached. Every change that is announced by an event is invalidated by it; the TTL
 * bounds what is not. Some changes have no event (PENDING → PROCESSING when the gateway opens the order, an
 * attempt's result, a refund going from REQUESTED to PROCESSING), so a transaction in one of those passing states
 * is not cached at all (0). A payment waiting for its customer (PROCESSING) or a refund at the gateway gets the
 * short TTL; anything else is final, apart from refunds, which come with events: the long TTL.
 */
export function transactionTtlMs(view: TransactionView, ttls: TransactionTtls): number {
  if (view.status === 'PENDING') return 0;
  if (view.attempts.some((attempt) => attempt.status === 'PENDING')) return 0;
  if (view.refunds.some((refund) => refund.status === 'REQUESTED')) return 0;
  if (view.status === 'PROCESSING') return ttls.inFlightMs;
  if (view.refunds.some((refund) => refund.status === 'PROCESSING')) return ttls.inFlightMs;
  return ttls.finalMs;
}
