import {
  GATEWAY_CONFIGURATION_EVENT_ROUTING_KEYS,
  type GatewayConfigurationDomainEvent,
} from './gateway-configuration/gateway-configuration.events';
import { PAYMENT_EVENT_ROUTING_KEYS, type PaymentDomainEvent } from './payment/payment.events';
import { RISK_DECISION_EVENT_ROUTING_KEYS, type PaymentRiskBlocked } from './risk/risk-decision.events';
import { RISK_RULES_EVENT_ROUTING_KEYS, type RiskRulesUpdated } from './risk/risk-rules.events';

/** Every event an aggregate of this library records; what the outbox writer receives from `pullEvents()`. */
export type DomainEvent = PaymentDomainEvent | GatewayConfigurationDomainEvent | RiskRulesUpdated | PaymentRiskBlocked;

/**
 * RabbitMQ routing key of every domain event on the `ppm.events` topic exchange (`ppm.<aggregate>.<event>.v<N>`).
 * `ppm.payment.late-captured.v1` (PaymentLateCaptured) is an addition to the published list.
 */
export const EVENT_ROUTING_KEYS: Readonly<Record<DomainEvent['type'], string>> = {
  ...PAYMENT_EVENT_ROUTING_KEYS,
  ...GATEWAY_CONFIGURATION_EVENT_ROUTING_KEYS,
  ...RISK_RULES_EVENT_ROUTING_KEYS,
  ...RISK_DECISION_EVENT_ROUTING_KEYS,
};

/** The routing key to publish `event` under. */
export function routingKeyOf(event: DomainEvent): string {
  return EVENT_ROUTING_KEYS[event.type];
}
