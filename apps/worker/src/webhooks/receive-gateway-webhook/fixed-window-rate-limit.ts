/**
 * At most `limit` requests per key in each window of `windowMs`, counted in memory (per process: each worker
 * instance allows its own share). All keys share one window, so the whole table is dropped when it ends. Memory is
 * bounded by `maxKeys`: past it the least recently seen key is forgotten (its count starts again), never a new key
 * refused, so a spray of addresses cannot lock real senders out; it can at most reset a quiet key's count.
 */
export class FixedWindowRateLimit {
  // In order of last use: the first key is the least recently seen.
  private readonly counts = new Map<string, number>();
  private windowStartedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key` and says whether it is within the limit (a refused request is not counted). */
  take(key: string): boolean {
    const now = this.now();
    if (now - this.windowStartedAt >= this.windowMs) {
      this.counts.clear();
      this.windowStartedAt = now;
    }
    const used = this.counts.get(key) ?? 0;
    this.counts.delete(key);
    if (used === 0 && this.counts.size >= this.maxKeys) this.forgetLeastRecent();
    if (used >= this.limit) {
      this.counts.set(key, used);
      return false;
    }
    this.counts.set(key, used + 1);
    return true;
  }

  private forgetLeastRecent(): void {
    const oldest = this.counts.keys().next();
    if (!oldest.done) this.counts.delete(oldest.value);
  }
}
