import type { RiskRuleSet, RiskRuleSetRepository } from '@ppm/domain';
import type { Clock } from '../../shared/clock';
import { ExpiringEntries, type ExpiringEntriesSettings } from '../../shared/expiring-entries';

/**
 * The tenants' current risk rule sets, kept in process so that `payment.process` reads none on its hot path. Never
 * trusted blindly: the payment's insert checks that the tenant's current version is still the one decided on
 * (`PaymentCreationTerms.riskRuleSetVersion`; version 0 when it has none), and a refused insert forgets the tenant.
 * A tenant without rules is kept too (as `RiskRuleSet.NONE`): the insert's check covers a first rule set as well.
 * This process's own rule changes forget the tenant at once.
 */
export class RiskRuleSetCache {
  private readonly entries: ExpiringEntries<RiskRuleSet>;

  constructor(
    private readonly ruleSets: RiskRuleSetRepository,
    settings: ExpiringEntriesSettings,
    clock: Clock,
  ) {
    this.entries = new ExpiringEntries(settings, clock);
  }

  async current(tenantId: string): Promise<RiskRuleSet> {
    const cached = this.entries.get(tenantId);
    if (cached) return cached;
    const stored = await this.ruleSets.findCurrent(tenantId);
    this.entries.keep(tenantId, stored);
    return stored;
  }

  forgetTenant(tenantId: string): void {
    this.entries.forget(tenantId);
  }
}
