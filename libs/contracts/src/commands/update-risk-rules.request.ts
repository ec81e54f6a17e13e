import { ArrayMaxSize, IsArray } from 'class-validator';
import { BoundedObject } from '../validation/bounded-object';
import { RISK_RULE_BOUNDS } from '../validation/object-bounds';

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
}
