import { Injectable } from '@nestjs/common';
import type { GatewayConfigView } from '@ppm/contracts';
import { isoTime } from '../shared/column-values';
import { ReadModelDatabase } from '../shared/read-model-database';

interface ConfigurationRow {
  id: string;
  gateway_type: string;
  name: string;
  merchant_id: string;
  base_url: string | null;
  supported_payment_methods: string[];
  is_active: boolean;
  is_default: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

// configuration_details (the sealed credentials) is never selected: what is not read cannot leak.
const COLUMNS = `c.id, c.gateway_type, c.name, c.merchant_id, c.base_url, c.supported_payment_methods, c.is_active,
  c.is_default, c.version, c.created_at, c.updated_at`;

const BY_ID = `SELECT ${COLUMNS} FROM payment_gateway_configurations c
  WHERE c.id = $1 AND c.tenant_id = $2 AND c.deleted_at IS NULL`;

const TENANT_DEFAULT = `SELECT ${COLUMNS} FROM payment_gateway_configurations c
  WHERE c.tenant_id = $1 AND c.is_default AND c.deleted_at IS NULL`;

/** A configuration read from Postgres with the version it was read at. */
export interface VersionedConfiguration {
  view: GatewayConfigView;
  version: number;
}

/** Filters of a configuration list. */
export interface ConfigurationFilters {
  gatewayType?: string;
  isActive?: boolean;
}

/** Reads a tenant's gateway configurations without their credentials (plain SQL, no domain objects). */
@Injectable()
export class GatewayConfigReader {
  constructor(private readonly database: ReadModelDatabase) {}

  /** One configuration; `floor` as in TransactionReader (a lagging replica is not trusted after an event). */
  byId(tenantId: string, configurationId: string, floor: number | null): Promise<VersionedConfiguration | null> {
    return this.readOne(BY_ID, [configurationId, tenantId], floor);
  }

  /** The tenant's default configuration. */
  tenantDefault(tenantId: string, floor: number | null): Promise<VersionedConfiguration | null> {
    return this.readOne(TENANT_DEFAULT, [tenantId], floor);
  }

  /** The tenant's configurations by name. */
  async list(tenantId: string, filters: ConfigurationFilters): Promise<GatewayConfigView[]> {
    const params: unknown[] = [tenantId];
    const where = ['c.tenant_id = $1', 'c.deleted_at IS NULL'];
    if (filters.gatewayType) where.push(`c.gateway_type = $${params.push(filters.gatewayType)}`);
    if (filters.isActive !== undefined) where.push(`c.is_active = $${params.push(filters.isActive)}`);
    const rows = await this.database.read<ConfigurationRow>(
      `SELECT ${COLUMNS} FROM payment_gateway_configurations c WHERE ${where.join(' AND ')} ORDER BY c.name, c.id`,
      params,
    );
    return rows.map(toView);
  }

  private async readOne(sql: string, params: unknown[], floor: number | null): Promise<VersionedConfiguration | null> {
    const row = await this.database.readCurrent<ConfigurationRow>(sql, params, floor);
    return row ? { view: toView(row), version: row.version } : null;
  }
}

/**
 * A hint of the public merchant id that tells accounts apart without spelling it out: `PPMTESTO1` → `PPM***O1`;
 * ids of five characters or fewer show only their first one.
 */
export function maskMerchantId(merchantId: string): string {
  if (merchantId.length >= 6) return `${merchantId.slice(0, 3)}***${merchantId.slice(-2)}`;
  return merchantId.length >= 3 ? `${merchantId.slice(0, 1)}***` : '***';
}

function toView(row: ConfigurationRow): GatewayConfigView {
  return {
    id: row.id,
    gatewayType: row.gateway_type,
    name: row.name,
    merchantIdHint: maskMerchantId(row.merchant_id),
    baseUrl: row.base_url,
    supportedPaymentMethods: row.supported_payment_methods,
    isActive: row.is_active,
    isDefault: row.is_default,
    version: row.version,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}
