import type { RateLimitTier } from './rate-limit-window';

/** Which tier applies to a tenant or an API key (configured tiers; the default for the rest). */
export class RateLimitTiers {
  private readonly fallback: RateLimitTier;

  constructor(
    private readonly tiers: Readonly<Record<string, RateLimitTier>>,
    defaultTier: string,
    private readonly tenantTiers: Readonly<Record<string, string>>,
  ) {
    const fallback = tiers[defaultTier];
    if (!fallback) throw new Error(`Rate-limit tier ${defaultTier} is not configured`);
    this.fallback = fallback;
  }

  ofTenant(tenantId: string): RateLimitTier {
    return this.named(this.tenantTiers[tenantId]);
  }

  ofApiKey(tier: string | undefined): RateLimitTier {
    return this.named(tier);
  }

  private named(tier: string | undefined): RateLimitTier {
    return (tier === undefined ? undefined : this.tiers[tier]) ?? this.fallback;
  }
}
