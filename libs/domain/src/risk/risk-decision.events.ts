import type { Currency } from '../money/currency';
import type { DomainEventBase } from '../shared/domain-event';
import type { RiskRuleHit } from './risk-decision';

/**
 * The tenant's risk rules refused a payment before it was stored: `aggregateId` is the decision's id (there is no
 * payment), `data` says which source asked for how much and which rules refused it. The customer's address is not
 * in it (personal data); the decision row keeps it. Routing key `ppm.payment.risk-blocked.v1`.
 */
export type PaymentRiskBlocked = DomainEventBase<
  'RiskDecision',
  'PaymentRiskBlocked',
  {
    readonly decisionId: string;
    readonly sourceBoundedContext: string;
    readonly sourceTransactionId: string;
    /** Minor units, as a decimal string. */
    readonly amount: string;
    readonly currency: Currency;
    readonly customerRef: string | null;
    readonly rulesHit: readonly RiskRuleHit[];
    readonly ruleSetVersion: number;
  }
>;

/** RabbitMQ routing key of each risk decision event on the `ppm.events` exchange. */
export const RISK_DECISION_EVENT_ROUTING_KEYS: Readonly<Record<PaymentRiskBlocked['type'], string>> = {
  PaymentRiskBlocked: 'ppm.payment.risk-blocked.v1',
};
