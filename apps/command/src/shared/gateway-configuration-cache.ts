import type { GatewayConfigurationRepository, StoredGatewayConfiguration } from '@ppm/domain';
import type { Clock } from './clock';
import { ExpiringEntries, type ExpiringEntriesSettings } from './expiring-entries';

/** How many configurations the cache keeps, and for how long (it also holds their credentials in memory). */
export type GatewayConfigurationCacheSettings = ExpiringEntriesSettings;

/**
 * The gateway configurations new payments are decided on, kept in process so that `payment.process` reads none on
 * its hot path. Never trusted blindly: the payment's insert checks that the configuration is still stored at the
 * cached version and active (`PaymentTransactionRepository.addIfCurrent`), and a refused insert forgets it. This
 * process's own configuration writes forget the tenant's entries at once; another instance's writes are caught by
 * that check. An entry also expires after `ttlMs`, so credentials of unused configurations do not linger.
 */
export class GatewayConfigurationCache {
  private readonly entries: ExpiringEntries<StoredGatewayConfiguration>;

  constructor(
    private readonly configurations: GatewayConfigurationRepository,
    settings: GatewayConfigurationCacheSettings,
    clock: Clock,
  ) {
    this.entries = new ExpiringEntries(settings, clock);
  }

  /** The tenant's configuration `configurationId`, or its default one when none is named. */
  async find(tenantId: string, configurationId: string | undefined): Promise<StoredGatewayConfiguration | null> {
    const key = `${tenantId}:${configurationId ?? 'default'}`;
    const cached = this.entries.get(key);
    if (cached) return cached;
    const stored = configurationId
      ? await this.configurations.findById(tenantId, configurationId)
      : await this.configurations.findDefault(tenantId);
    // Only what exists is kept: a configuration added next must be found at once.
    if (stored) this.entries.keep(key, stored);
    else this.entries.forget(key);
    return stored;
  }

  /** Forgets every configuration of the tenant (one of them changed, or may be the default now). */
  forgetTenant(tenantId: string): void {
    this.entries.forgetStartingWith(`${tenantId}:`);
  }
}
