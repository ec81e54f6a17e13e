import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `ppm.query.risk-rules.get` data: one past version of the tenant's rule set, or without it the one in force. */
export class GetRiskRulesRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}

/**
 * A tenant's risk rules at one version, as written (amounts in minor units). Version 0 with no rules and no
 * `updatedAt` is a tenant that never wrote any: every payment is allowed.
 */
export interface RiskRulesView {
  version: number;
  rules: Record<string, unknown>[];
  /** ALLOW (fail-open, the default) or REVIEW (fail-closed): what a payment gets when the counters are down. */
  whenCountersUnavailable: string;
  updatedAt: string | null;
}
