/** A rate-limit tier: at most `limit` requests per fixed window of `windowSeconds`. */
export interface RateLimitTier {
  limit: number;
  windowSeconds: number;
}

/** One counter after this request: its tier's limit, the window's count so far and the window's time left. */
export interface WindowCount {
  limit: number;
  count: number;
  ttlMs: number;
}

/** What the edge answers: whether the request may pass and the `RateLimit-*` figures of the tightest counter. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the tightest counter's window ends. */
  resetSeconds: number;
  /** Set when refused: seconds until every exhausted counter has a new window. */
  retryAfterSeconds?: number;
}

/**
 * Combines a request's counters (its tenant's and, for an API key, the key's): it passes only if every counter is
 * within its limit. The headers describe the counter with the fewest requests left; Retry-After waits for the
 * last exhausted window to end. Never below one second, so a client never retries in a busy loop.
 */
export function decide(counts: readonly WindowCount[]): RateLimitDecision {
  const seconds = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 1000));
  const left = (c: WindowCount): number => Math.max(0, c.limit - c.count);
  const tightest = counts.reduce((a, b) => (left(b) < left(a) ? b : a));
  const exhausted = counts.filter((c) => c.count > c.limit);
  const decision = {
    allowed: exhausted.length === 0,
    limit: tightest.limit,
    remaining: left(tightest),
    resetSeconds: seconds(tightest.ttlMs),
  };
  return exhausted.length === 0
    ? decision
    : { ...decision, retryAfterSeconds: Math.max(...exhausted.map((c) => seconds(c.ttlMs))) };
}
