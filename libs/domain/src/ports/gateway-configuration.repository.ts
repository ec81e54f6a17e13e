import type { GatewayConfiguration } from '../gateway-configuration/gateway-configuration.aggregate';
import type { GatewayType } from '../gateway-configuration/gateway-type';
import type { Result } from '../shared/result';
import type { EventContext } from './event-context';

/** A gateway's credentials as plain text: only ever in memory, sealed at rest by the repository. */
export type GatewayCredentialValues = Readonly<Record<string, string>>;

/** A configuration with its (unsealed) credentials, for the code that calls the gateway. */
export interface StoredGatewayConfiguration {
  readonly configuration: GatewayConfiguration;
  readonly credentials: GatewayCredentialValues;
}

/**
 * Where gateway configurations live, credentials sealed (AES-256-GCM) at rest. Writes store the events the
 * configuration recorded in the same transaction.
 */
export interface GatewayConfigurationRepository {
  findById(tenantId: string, id: string): Promise<StoredGatewayConfiguration | null>;
  /** The tenant's active default configuration, if any. */
  findDefault(tenantId: string): Promise<StoredGatewayConfiguration | null>;
  /** Every configuration of a merchant account at a gateway (webhooks name the merchant, not the tenant). */
  findByMerchant(gatewayType: GatewayType, merchantId: string): Promise<StoredGatewayConfiguration[]>;
  /**
   * Stores a new configuration. When it is the default, the tenant's previous default is unset in the same
   * transaction. GATEWAY_CONFIG_NAME_TAKEN when the tenant already has that name.
   */
  add(
    configuration: GatewayConfiguration,
    credentials: GatewayCredentialValues,
    context: EventContext,
  ): Promise<Result<void>>;
  /**
   * Stores changes (optimistic concurrency: CONCURRENT_MODIFICATION), new credentials when given, and unsets the
   * tenant's other default when this one became the default.
   */
  save(
    configuration: GatewayConfiguration,
    credentials: GatewayCredentialValues | null,
    context: EventContext,
  ): Promise<Result<void>>;
}
