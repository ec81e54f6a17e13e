import type { GatewayConfigurationRepository, StoredGatewayConfiguration } from '@ppm/domain';
import type { Clock } from './clock';

/** How many configurations the cache keeps, and for how long (it also holds their credentials in memory). */
export interface GatewayConfigurationCacheSettings {
  readonly maxEntries: number;
  readonly ttlMs: number;
}

/**
 * The gateway configurations new payments are decided on, kept in process so that `payment.process` reads none on
 * its hot path. Never trusted blindly: the payment's insert checks that the configuration is still stored at the
 * cached version and active (`PaymentTransactionRepository.addIfCurrent`), and a refused insert forgets it. This
 * process's own configuration writes forget the tenant's entries at once; another instance's writes are caught by
 * that check. An entry also expires after `ttlMs`, so credentials of unused configurations do not linger.
 */
export class GatewayConfigurationCache {
  private readonly entries = new Map<string, { stored: StoredGatewayConfiguration; expiresAt: number }>();

  constructor(
    private readonly configurations: GatewayConfigurationRepository,
    private readonly settings: GatewayConfigurationCacheSettings,
    private readonly clock: Clock,
  ) {}

  /** The tenant's configuration `configurationId`, or its default one when none is named. */
  async find(tenantId: string, configurationId: string | undefined): Promise<StoredGatewayConfiguration | null> {
    const key = `${tenantId}:${configurationId ?? 'default'}`;
    const now = this.clock.now().getTime();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.stored;
    const stored = configurationId
      ? await this.configurations.findById(tenantId, configurationId)
      : await this.configurations.findDefault(tenantId);
    // Only what exists is kept: a configuration added next must be found at once.
    if (stored) this.keep(key, { stored, expiresAt: now + this.settings.ttlMs });
    else this.entries.delete(key);
    return stored;
  }

  /** Forgets every configuration of the tenant (one of them changed, or may be the default now). */
  forgetTenant(tenantId: string): void {
    const prefix = `${tenantId}:`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private keep(key: string, entry: { stored: StoredGatewayConfiguration; expiresAt: number }): void {
    this.entries.delete(key);
    if (this.entries.size >= this.settings.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}
