import { success, type Result } from '../shared/result';
import { IpRange } from './ip-range.value-object';
import type { RiskRule } from './risk-rule';
import type { RiskRulesUpdated } from './risk-rules.events';
import { parseRiskRules, type RiskRulesReading } from './risk-rules.parser';

/** Whether a value is on a BLOCKLIST or ALLOWLIST, read once when the rule set is built. */
type ListMembership = (value: string | IpRange) => boolean;

function membership(rule: RiskRule): ListMembership | null {
  if (rule.type !== 'BLOCKLIST' && rule.type !== 'ALLOWLIST') return null;
  if (rule.key === 'clientIp') {
    const ranges = rule.values.map((value) => IpRange.parse(value)).filter((range) => range !== null);
    return (value) => value instanceof IpRange && ranges.some((range) => range.contains(value));
  }
  const values = new Set(rule.values);
  return (value) => typeof value === 'string' && values.has(value);
}

/**
 * What a payment gets when the counters cannot be read (Redis down or slow), on top of what the rules that need no
 * counter decide: ALLOW lets it through flagged (fail-open, the default), REVIEW holds it for an operator
 * (fail-closed).
 */
export type WhenCountersUnavailable = 'ALLOW' | 'REVIEW';

/**
 * A tenant's risk rules at one version. Version 0 is the set of a tenant that never wrote one: no rules, so
 * every payment is allowed.
 */
export class RiskRuleSet {
  /** The rule set of a tenant that has none. */
  static readonly NONE = new RiskRuleSet(0, []);

  private readonly lists: readonly (ListMembership | null)[];

  private constructor(
    readonly version: number,
    readonly rules: readonly RiskRule[],
    readonly whenCountersUnavailable: WhenCountersUnavailable = 'ALLOW',
  ) {
    this.lists = rules.map(membership);
  }

  /** The rule set a document describes (`parseRiskRules` says what it accepts, read as `reading` says), at `version`. */
  static fromDocument(document: unknown, version: number, reading: RiskRulesReading = {}): Result<RiskRuleSet> {
    const rules = parseRiskRules(document, reading);
    if (!rules.ok) return rules;
    // The parser accepted the document, so it is an object whose choice, when it has one, is ALLOW or REVIEW.
    const when = (document as { whenCountersUnavailable?: WhenCountersUnavailable }).whenCountersUnavailable;
    return success(new RiskRuleSet(version, rules.value, when ?? 'ALLOW'));
  }

  /**
   * The set that replaces this one, read from `document`, one version on, with the event that says so.
   * @param tenantId the tenant whose set this is: the event's aggregate is the tenant's rule set.
   */
  replaceWith(
    document: unknown,
    tenantId: string,
    now: Date,
  ): Result<{ readonly ruleSet: RiskRuleSet; readonly event: RiskRulesUpdated }> {
    const next = RiskRuleSet.fromDocument(document, this.version + 1);
    if (!next.ok) return next;
    const { version, rules, whenCountersUnavailable } = next.value;
    return success({
      ruleSet: next.value,
      event: {
        type: 'RiskRulesUpdated',
        aggregateType: 'RiskRuleSet',
        aggregateId: tenantId,
        tenantId,
        occurredAt: now,
        data: { version, rules, whenCountersUnavailable },
      },
    });
  }

  /** Whether the list of the rule at `index` names `value`; false for a rule that is not a list. */
  isListed(index: number, value: string | IpRange): boolean {
    return this.lists[index]?.(value) ?? false;
  }
}
