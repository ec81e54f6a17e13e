import type { RateLimitTier } from './rate-limit-window';

/** Which tier applies to a tenant or an API key (configured tiers; the default for the rest). */
export class RateLimitTiers {
  constructor(
    private readonly tiers: Readonly<Record<string, RateLimitTier>>,
    private readonly defaultTier: string,
    private readonly tenantTiers: Readonly<Record<string, string>>,
  ) {}

  ofTenant(tenantId: string): RateLimitTier {
    return this.named(this.tenantTiers[tenantId]);
  }

  ofApiKey(tier: string | undefined): RateLimitTier {
    return this.named(tier);
  }

  private named(tier: string | undefined): RateLimitTier {
    const found = (tier === undefined ? undefined : this.tiers[tier]) ?? this.tiers[this.defaultTier];
    if (!found) throw new Error(`Rate-limit tier ${this.defaultTier} is not configured`);
    return found;
  }
}
