import type { PaymentMethod } from '../payment/payment-method';
import type { DomainEventBase } from '../shared/domain-event';
import type { GatewayType } from './gateway-type';

type GatewayConfigurationEvent<TType extends string, TData> = DomainEventBase<'GatewayConfiguration', TType, TData>;

/**
 * What every gateway configuration event says. Never credentials, nor the merchant id taken from them: the
 * events go to every consumer of the exchange.
 */
export interface GatewayConfigurationEventSubject {
  readonly configurationId: string;
  readonly gatewayType: GatewayType;
  readonly name: string;
  readonly baseUrl: string | null;
  readonly supportedPaymentMethods: readonly PaymentMethod[];
  readonly isActive: boolean;
  readonly isDefault: boolean;
}

/** A tenant added a gateway configuration. Routing key `ppm.gateway-config.added.v1`. */
export type GatewayConfigurationAdded = GatewayConfigurationEvent<
  'GatewayConfigurationAdded',
  GatewayConfigurationEventSubject
>;

/**
 * A tenant changed a gateway configuration; `data` is its new state (without secrets) and `changedFields` names
 * what changed (`credentials` when the secrets were replaced, never their values). Key
 * `ppm.gateway-config.updated.v1`.
 */
export type GatewayConfigurationUpdated = GatewayConfigurationEvent<
  'GatewayConfigurationUpdated',
  GatewayConfigurationEventSubject & { changedFields: readonly GatewayConfigurationField[] }
>;

/** The names `changedFields` may hold. */
export type GatewayConfigurationField =
  'name' | 'baseUrl' | 'supportedPaymentMethods' | 'isActive' | 'isDefault' | 'credentials' | 'merchantId';

/** Every event a `GatewayConfiguration` records. */
export type GatewayConfigurationDomainEvent = GatewayConfigurationAdded | GatewayConfigurationUpdated;

/** RabbitMQ routing key of each gateway configuration event on the `ppm.events` exchange. */
export const GATEWAY_CONFIGURATION_EVENT_ROUTING_KEYS: Readonly<
  Record<GatewayConfigurationDomainEvent['type'], string>
> = {
  GatewayConfigurationAdded: 'ppm.gateway-config.added.v1',
  GatewayConfigurationUpdated: 'ppm.gateway-config.updated.v1',
};
