import type { ReactNode } from 'react';

const TONE: Readonly<Record<string, string>> = {
  SUCCEEDED: 'good',
  COMPLETED: 'good',
  DELIVERED: 'good',
  MATCHED: 'good',
  RESOLVED: 'good',
  PARTIALLY_REFUNDED: 'warn',
  REFUNDED: 'warn',
  PROCESSING: 'info',
  PENDING: 'info',
  RUNNING: 'info',
  OPEN: 'warn',
  UNMATCHED: 'warn',
  AMOUNT_MISMATCH: 'warn',
  FAILED: 'bad',
  CANCELLED: 'bad',
  EXPIRED: 'bad',
};

/** A status code as the API names it, coloured by what it means (the text says it too). */
export function StatusBadge({ status }: { status: string }): ReactNode {
  return <span className={`badge badge-${TONE[status] ?? 'neutral'}`}>{status}</span>;
}
