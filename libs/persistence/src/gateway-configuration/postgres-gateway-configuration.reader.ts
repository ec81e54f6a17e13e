import type { DataSource } from 'typeorm';
import type { GatewayConfigurationReader, GatewayType, StoredGatewayConfiguration } from '@ppm/domain';
import type { CredentialCipher } from '../secrets/credential-cipher';
import { isUuid } from '../shared/postgres-errors';
import { preparedQuery } from '../shared/prepared-query';
import { GatewayConfigurationMapper, type GatewayConfigurationRow } from './gateway-configuration.mapper';

const SELECT_CONFIGURATION = `
  SELECT id, tenant_id, gateway_type, name, configuration_details, merchant_id, base_url, supported_payment_methods,
         is_active, is_default, version, created_at, updated_at
    FROM payment_gateway_configurations`;

/**
 * `GatewayConfigurationReader` on Postgres: configurations with their credentials unsealed, soft-deleted rows
 * (`deleted_at`) never found. It holds no outbox writer, so code given only this cannot change a configuration;
 * `PostgresGatewayConfigurationRepository` reads through it too.
 */
export class PostgresGatewayConfigurationReader implements GatewayConfigurationReader {
  private readonly mapper: GatewayConfigurationMapper;

  constructor(
    private readonly dataSource: DataSource,
    cipher: CredentialCipher,
  ) {
    this.mapper = new GatewayConfigurationMapper(cipher);
  }

  async findById(tenantId: string, id: string): Promise<StoredGatewayConfiguration | null> {
    if (!isUuid(tenantId) || !isUuid(id)) return null;
    const rows = await this.select(`WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`, [tenantId, id]);
    return rows[0] ?? null;
  }

  /** The tenant's active default configuration, if any. */
  async findDefault(tenantId: string): Promise<StoredGatewayConfiguration | null> {
    if (!isUuid(tenantId)) return null;
    const rows = await this.select(`WHERE tenant_id = $1 AND is_default AND is_active AND deleted_at IS NULL`, [
      tenantId,
    ]);
    return rows[0] ?? null;
  }

  /** Not scoped to a tenant: a webhook names the merchant, and this is how its tenant is found. */
  async findByMerchant(gatewayType: GatewayType, merchantId: string): Promise<StoredGatewayConfiguration[]> {
    return this.select(`WHERE gateway_type = $1 AND merchant_id = $2 AND deleted_at IS NULL ORDER BY created_at, id`, [
      gatewayType,
      merchantId,
    ]);
  }

  private async select(where: string, params: unknown[]): Promise<StoredGatewayConfiguration[]> {
    const rows = await preparedQuery<GatewayConfigurationRow>(
      this.dataSource,
      `${SELECT_CONFIGURATION} ${where}`,
      params,
    );
    return rows.map((row) => this.mapper.toDomain(row));
  }
}
