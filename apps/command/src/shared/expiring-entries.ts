import type { Clock } from './clock';

/** How many entries an in-process cache keeps, and for how long. */
export interface ExpiringEntriesSettings {
  readonly maxEntries: number;
  readonly ttlMs: number;
}

/**
 * The bounded, expiring map behind the command's in-process caches: an entry is gone `ttlMs` after it was kept,
 * and keeping one more than `maxEntries` drops the oldest, so memory stays bounded whatever tenants come by.
 */
export class ExpiringEntries<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly settings: ExpiringEntriesSettings,
    private readonly clock: Clock,
  ) {}

  /** The value kept under `key`, unless it expired (or was never kept). */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > this.clock.now().getTime() ? entry.value : undefined;
  }

  keep(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.settings.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.clock.now().getTime() + this.settings.ttlMs });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every entry whose key starts with `prefix`. */
  forgetStartingWith(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
