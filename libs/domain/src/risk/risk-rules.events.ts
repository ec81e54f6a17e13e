import type { DomainEventBase } from '../shared/domain-event';
import type { RiskRule } from './risk-rule';
import type { WhenCountersUnavailable } from './risk-rule-set';

/**
 * A tenant replaced its risk rules: `data` is the new version and its whole rule set with its choice for a counters outage (lists included: a tenant's
 * rules are configuration, not personal data). Routing key `ppm.risk-rules.updated.v1`.
 */
export type RiskRulesUpdated = DomainEventBase<
  'RiskRuleSet',
  'RiskRulesUpdated',
  {
    readonly version: number;
    readonly rules: readonly RiskRule[];
    readonly whenCountersUnavailable: WhenCountersUnavailable;
  }
>;

/** RabbitMQ routing key of each risk rule set event on the `ppm.events` exchange. */
export const RISK_RULES_EVENT_ROUTING_KEYS: Readonly<Record<RiskRulesUpdated['type'], string>> = {
  RiskRulesUpdated: 'ppm.risk-rules.updated.v1',
};
