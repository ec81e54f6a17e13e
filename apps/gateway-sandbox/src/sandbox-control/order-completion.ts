import type { CustomerOutcome } from '../shared/sandbox-order';
import { fieldsOf } from '../shared/request-fields';

const OUTCOMES: readonly CustomerOutcome[] = ['succeeded', 'failed', 'cancelled'];

/** Reads `{ outcome: 'succeeded' | 'failed' | 'cancelled' }`; null when it is anything else. */
export function readCustomerOutcome(body: unknown): CustomerOutcome | null {
  const { outcome } = fieldsOf(body);
  return typeof outcome === 'string' && (OUTCOMES as readonly string[]).includes(outcome)
    ? (outcome as CustomerOutcome)
    : null;
}
