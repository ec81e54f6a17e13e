import {
  GatewayConfiguration,
  isGatewayType,
  isPaymentMethod,
  type GatewayConfigurationSnapshot,
  type GatewayCredentialValues,
  type PaymentMethod,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import type { CredentialCipher } from '../secrets/credential-cipher';
import type { EncryptedSecret } from '../secrets/encrypted-secret';

/** A `payment_gateway_configurations` row as the repository selects it. */
export interface GatewayConfigurationRow {
  id: string;
  tenant_id: string;
  gateway_type: string;
  name: string;
  configuration_details: unknown;
  merchant_id: string;
  base_url: string | null;
  supported_payment_methods: string[];
  is_active: boolean;
  is_default: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The column values of a `payment_gateway_configurations` row to write (`version` is the repository's). */
export interface GatewayConfigurationColumns {
  id: string;
  tenant_id: string;
  gateway_type: string;
  name: string;
  /** The sealed credentials as JSON text; null when a save keeps the stored ones. */
  configuration_details: string | null;
  merchant_id: string;
  base_url: string | null;
  supported_payment_methods: PaymentMethod[];
  is_active: boolean;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * Maps a gateway configuration between its row and the domain. The credentials are sealed with the
 * `CredentialCipher` bound to the configuration's id (a ciphertext copied onto another row does not open) and
 * opened on every read; plaintext never reaches a column.
 */
export class GatewayConfigurationMapper {
  constructor(private readonly cipher: CredentialCipher) {}

  /** The configuration a row stores, with its credentials opened. Throws if they don't open (wrong key, tampering). */
  toDomain(row: GatewayConfigurationRow): StoredGatewayConfiguration {
    return {
      configuration: GatewayConfiguration.restore(this.toSnapshot(row)),
      credentials: this.cipher.open(sealedSecret(row.configuration_details, row.id), row.id),
    };
  }

  /** The snapshot a row stores (credentials aside). */
  toSnapshot(row: GatewayConfigurationRow): GatewayConfigurationSnapshot {
    const where = `payment_gateway_configurations ${row.id}`;
    if (!isGatewayType(row.gateway_type)) throw new Error(`${where}: unknown gateway_type ${row.gateway_type}`);
    const methods = row.supported_payment_methods.map((method) => {
      if (!isPaymentMethod(method)) throw new Error(`${where}: unknown payment method ${method}`);
      return method;
    });
    return {
      id: row.id,
      tenantId: row.tenant_id,
      gatewayType: row.gateway_type,
      name: row.name,
      merchantId: row.merchant_id,
      baseUrl: row.base_url,
      supportedPaymentMethods: methods,
      isActive: row.is_active,
      isDefault: row.is_default,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** The row that stores `configuration`, its credentials sealed; `credentials` null keeps the stored ones. */
  toColumns(
    configuration: GatewayConfiguration,
    credentials: GatewayCredentialValues | null,
  ): GatewayConfigurationColumns {
    const s = configuration.toSnapshot();
    return {
      id: s.id,
      tenant_id: s.tenantId,
      gateway_type: s.gatewayType,
      name: s.name,
      configuration_details: credentials === null ? null : this.seal(credentials, s.id),
      merchant_id: s.merchantId,
      base_url: s.baseUrl,
      supported_payment_methods: [...s.supportedPaymentMethods],
      is_active: s.isActive,
      is_default: s.isDefault,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    };
  }

  /** The sealed form of `credentials` for configuration `id`, as JSON text for the jsonb column. */
  seal(credentials: GatewayCredentialValues, id: string): string {
    return JSON.stringify(this.cipher.seal(credentials, id));
  }
}

/** Checks a stored `configuration_details` value has the sealed-secret shape (never plaintext credentials). */
export function sealedSecret(value: unknown, id: string): EncryptedSecret {
  const v = value as Partial<EncryptedSecret> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    v.v !== 1 ||
    v.alg !== 'AES-256-GCM' ||
    typeof v.kid !== 'string' ||
    typeof v.iv !== 'string' ||
    typeof v.tag !== 'string' ||
    typeof v.ct !== 'string'
  ) {
    throw new Error(`payment_gateway_configurations ${id}: configuration_details is not a sealed secret`);
  }
  return v as EncryptedSecret;
}
