import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { BoundedObject } from '../validation/bounded-object';
import { RISK_RULE_BOUNDS } from '../validation/object-bounds';

/** What a rule set may ask for when its counters cannot be read. */
export const WHEN_COUNTERS_UNAVAILABLE = ['ALLOW', 'REVIEW'] as const;

/**
 * `ppm.command.risk-rules.update` data: the tenant's whole rule set, which replaces the one in force as its next
 * version. Here only its size is bounded; what each rule may say is checked by the rule engine, which names the
 * field it refuses (`rules[1].windowSeconds`).
 */
export class UpdateRiskRulesRequest {
  @IsArray()
  @ArrayMaxSize(50)
  @BoundedObject(RISK_RULE_BOUNDS, { each: true })
  rules!: Record<string, unknown>[];

  /**
   * What a payment gets when the counters (Redis) cannot be read, besides what the rules that need none decide:
   * ALLOW lets it through, flagged on its decision (fail-open, the default); REVIEW holds it for an operator
   * (fail-closed).
   */
  @IsOptional()
  @IsIn(WHEN_COUNTERS_UNAVAILABLE)
  whenCountersUnavailable?: (typeof WHEN_COUNTERS_UNAVAILABLE)[number];
}
