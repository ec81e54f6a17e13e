/**
 * At most `limit` requests per key in each window of `windowMs`, counted in memory (per process: each worker
 * instance allows its own share). All keys share one window, so the whole table is dropped when it ends and
 * memory is bounded by the keys seen within one window, capped at `maxKeys`: once that many are counted, a key not
 * seen yet in the window is refused until it ends, rather than letting a spread of addresses grow the table.
 */
export class FixedWindowRateLimit {
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
    if (used >= this.limit || (used === 0 && this.counts.size >= this.maxKeys)) return false;
    this.counts.set(key, used + 1);
    return true;
  }
}
