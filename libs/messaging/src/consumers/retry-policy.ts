import { ConsumerHeaders } from './consumed-message';

/** How often and how late a failed message is tried again. */
export interface RetryPolicy {
  /** Wait before each retry; retries beyond the ladder wait as long as its last step. */
  retryDelaysMs: readonly number[];
  /** Attempts in all (the first delivery included) before the message goes to the DLQ. */
  maxAttempts: number;
}

/** Why a message ended in the DLQ. */
export type DeadLetterReason = 'attempts_exhausted' | 'unprocessable' | 'malformed';

/** Where a message goes after a failed attempt, and how many attempts have failed with this one. */
export type FailureRoute =
  | { kind: 'retry'; delayMs: number; failedAttempts: number }
  | { kind: 'dead-letter'; reason: DeadLetterReason; failedAttempts: number };

/** Failed attempts recorded on a message (0 on a first delivery, or when the header is not a count). */
export function failedAttemptsOf(headers: Readonly<Record<string, unknown>> | undefined): number {
  const value = Number(headers?.[ConsumerHeaders.attempts] ?? 0);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * Routes a message whose attempt just failed: the next step of the ladder, or the DLQ once `maxAttempts` attempts
 * have failed (or at once, for a message no retry can fix). A failure during an outage (a server the handler needs
 * could not be reached) is not the message's fault: it waits the ladder's last step and keeps its count, so an
 * outage longer than the ladder sends nothing to the DLQ.
 */
export function routeFailure(
  previouslyFailed: number,
  policy: RetryPolicy,
  permanent: DeadLetterReason | null = null,
  outage = false,
): FailureRoute {
  const ladder = policy.retryDelaysMs;
  if (outage && !permanent) {
    const delayMs = ladder[ladder.length - 1];
    if (delayMs === undefined) throw new Error('the retry ladder needs a delay');
    return { kind: 'retry', delayMs, failedAttempts: previouslyFailed };
  }
  const failedAttempts = previouslyFailed + 1;
  if (permanent) return { kind: 'dead-letter', reason: permanent, failedAttempts };
  if (failedAttempts >= policy.maxAttempts)
    return { kind: 'dead-letter', reason: 'attempts_exhausted', failedAttempts };
  const delayMs = ladder[Math.min(failedAttempts, ladder.length) - 1];
  if (delayMs === undefined) throw new Error('the retry ladder needs a delay');
  return { kind: 'retry', delayMs, failedAttempts };
}
