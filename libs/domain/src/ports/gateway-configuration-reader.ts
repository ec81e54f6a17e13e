import type { GatewayConfiguration } from '../gateway-configuration/gateway-configuration.aggregate';
import type { GatewayType } from '../gateway-configuration/gateway-type';

/** A gateway's credentials as plain text: only ever in memory, sealed at rest by the repository. */
export type GatewayCredentialValues = Readonly<Record<string, string>>;

/** A configuration with its (unsealed) credentials, for the code that calls the gateway. */
export interface StoredGatewayConfiguration {
  readonly configuration: GatewayConfiguration;
  readonly credentials: GatewayCredentialValues;
}

/** Injection token of the `GatewayConfigurationReader` port. */
export const GATEWAY_CONFIGURATION_READER = Symbol('GatewayConfigurationReader');

/**
 * Gateway configurations with their unsealed credentials, for code that only looks at them: the worker verifies
 * callbacks with them and never changes one, so it holds no writer.
 */
export interface GatewayConfigurationReader {
  findById(tenantId: string, id: string): Promise<StoredGatewayConfiguration | null>;
  /** Every configuration of a merchant account at a gateway (webhooks name the merchant, not the tenant). */
  findByMerchant(gatewayType: GatewayType, merchantId: string): Promise<StoredGatewayConfiguration[]>;
}
