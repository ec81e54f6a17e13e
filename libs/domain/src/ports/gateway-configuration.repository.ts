import type { GatewayConfiguration } from '../gateway-configuration/gateway-configuration.aggregate';
import type { Result } from '../shared/result';
import type { EventContext } from './event-context';
import type {
  GatewayConfigurationReader,
  GatewayCredentialValues,
  StoredGatewayConfiguration,
} from './gateway-configuration-reader';

/**
 * Where gateway configurations live, credentials sealed (AES-256-GCM) at rest. Writes store the events the
 * configuration recorded in the same transaction.
 */
export interface GatewayConfigurationRepository extends GatewayConfigurationReader {
  /** The tenant's active default configuration, if any. */
  findDefault(tenantId: string): Promise<StoredGatewayConfiguration | null>;
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
