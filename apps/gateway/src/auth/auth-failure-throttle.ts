import { countedSourceOf } from '@ppm/observability';

/** How many failed authentications a source may make per fixed window before it is refused. */
export interface AuthFailureLimit {
  limit: number;
  windowSeconds: number;
}

interface FailureWindow {
  count: number;
  endsAtMs: number;
}

// Bounds the memory an attacker rotating addresses can take; past it, ended windows and then the oldest go first.
const MAX_SOURCES = 100_000;

/**
 * Counts failed authentications per source address in this gateway process (fixed windows that start with a
 * source's first failure). Once a source reaches the limit, every authenticated request from it is refused until
 * its window ends, a valid credential included: otherwise a guess that succeeds would still show through the 429s.
 * IPv6 sources count per /64, the block one subscriber usually holds.
 */
export class AuthFailureThrottle {
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    private readonly settings: AuthFailureLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the address may authenticate again, or undefined while it is within the limit. */
  retryAfterSeconds(address: string): number | undefined {
    const window = this.current(countedSourceOf(address));
    if (!window || window.count < this.settings.limit) return undefined;
    return Math.max(1, Math.ceil((window.endsAtMs - this.now()) / 1000));
  }

  /** Counts one failed authentication of the address. */
  recordFailure(address: string): void {
    const source = countedSourceOf(address);
    const window = this.current(source);
    if (window) {
      window.count += 1;
      return;
    }
    if (this.windows.size >= MAX_SOURCES) this.evict();
    this.windows.set(source, { count: 1, endsAtMs: this.now() + this.settings.windowSeconds * 1000 });
  }

  private current(source: string): FailureWindow | undefined {
    const window = this.windows.get(source);
    if (window && window.endsAtMs <= this.now()) {
      this.windows.delete(source);
      return undefined;
    }
    return window;
  }

  private evict(): void {
    const now = this.now();
    for (const [source, window] of this.windows) if (window.endsAtMs <= now) this.windows.delete(source);
    const oldest = this.windows.keys().next();
    if (this.windows.size >= MAX_SOURCES && !oldest.done) this.windows.delete(oldest.value);
  }
}
