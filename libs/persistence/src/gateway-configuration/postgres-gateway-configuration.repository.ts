import { AuditTrail } from '../audit/audit-trail';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  EventContext,
  GatewayConfiguration,
  GatewayConfigurationDomainEvent,
  GatewayConfigurationRepository,
  GatewayCredentialValues,
  GatewayType,
  Result,
  StoredGatewayConfiguration,
} from '@ppm/domain';
import { failure, success } from '@ppm/domain';
import { EventEnvelopeFactory } from '../events/event-envelope.factory';
import { UncommittedEvents } from '../events/uncommitted-events';
import type { OutboxWriter } from '../outbox/outbox-writer';
import type { CredentialCipher } from '../secrets/credential-cipher';
import { concurrentModification, gatewayConfigNameTaken } from '../shared/persistence.errors';
import { violatedUniqueConstraint } from '../shared/postgres-errors';
import { WriteRefused } from '../shared/write-refused';
import { GatewayConfigurationMapper, sealedSecret } from './gateway-configuration.mapper';
import { PostgresGatewayConfigurationReader } from './postgres-gateway-configuration.reader';

const AGGREGATE = 'gateway configuration';
const RESEAL_BATCH = 100;

// The tenant's other default stops being it, in the transaction that makes this one the default (the partial
// unique index allows one). Its version moves so a concurrent save of the old default is refused.
const UNSET_OTHER_DEFAULT = `
  UPDATE payment_gateway_configurations
     SET is_default = false, version = version + 1, updated_at = now()
   WHERE tenant_id = $1 AND is_default AND deleted_at IS NULL AND id <> $2`;

const INSERT_CONFIGURATION = `
  INSERT INTO payment_gateway_configurations (
    id, tenant_id, gateway_type, name, configuration_details, merchant_id, base_url, supported_payment_methods,
    is_active, is_default, created_at, updated_at, version)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, 1)`;

// configuration_details NULL = keep the stored ciphertext (credentials not replaced).
const UPDATE_CONFIGURATION = `
  WITH updated AS (
    UPDATE payment_gateway_configurations
       SET name = $4, configuration_details = COALESCE($5::jsonb, configuration_details), merchant_id = $6,
           base_url = $7, supported_payment_methods = $8, is_active = $9, is_default = $10, updated_at = $11,
           version = version + 1
     WHERE id = $1 AND tenant_id = $2 AND version = $3 AND deleted_at IS NULL
    RETURNING version)
  SELECT version FROM updated`;

const AUDITED_RESOURCE = 'gateway_configuration';

/**
 * `GatewayConfigurationRepository` on Postgres (`payment_gateway_configurations`), credentials sealed with
 * AES-256-GCM (`CredentialCipher`, bound to the configuration id) in `configuration_details`, events in
 * `outbox_events` in the same transaction. Soft-deleted rows (`deleted_at`) are never found.
 *
 * Like payments, an aggregate keeps the version it was loaded at after a successful write: reload to change it again.
 */
export class PostgresGatewayConfigurationRepository implements GatewayConfigurationRepository {
  private readonly mapper: GatewayConfigurationMapper;
  private readonly reader: PostgresGatewayConfigurationReader;
  private readonly audit: AuditTrail;
  private readonly uncommitted = new UncommittedEvents<GatewayConfiguration, GatewayConfigurationDomainEvent>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly cipher: CredentialCipher,
    private readonly envelopes: EventEnvelopeFactory = new EventEnvelopeFactory(),
  ) {
    this.mapper = new GatewayConfigurationMapper(cipher);
    this.reader = new PostgresGatewayConfigurationReader(dataSource, cipher);
    this.audit = new AuditTrail(outbox);
  }

  findById(tenantId: string, id: string): Promise<StoredGatewayConfiguration | null> {
    return this.reader.findById(tenantId, id);
  }

  findDefault(tenantId: string): Promise<StoredGatewayConfiguration | null> {
    return this.reader.findDefault(tenantId);
  }

  /** Not scoped to a tenant: a webhook names the merchant, and this is how its tenant is found. */
  findByMerchant(gatewayType: GatewayType, merchantId: string): Promise<StoredGatewayConfiguration[]> {
    return this.reader.findByMerchant(gatewayType, merchantId);
  }

  async add(
    configuration: GatewayConfiguration,
    credentials: GatewayCredentialValues,
    context: EventContext,
  ): Promise<Result<void>> {
    if (configuration.version !== 0) {
      throw new Error(`Gateway configuration ${configuration.id} was loaded at version ${configuration.version}`);
    }
    const row = this.mapper.toColumns(configuration, credentials);
    const events = this.envelopes.wrap(this.uncommitted.take(configuration), 1, context);
    return this.write(configuration, async (manager) => {
      if (row.is_default) await manager.query(UNSET_OTHER_DEFAULT, [row.tenant_id, row.id]);
      await manager.query(INSERT_CONFIGURATION, [
        row.id,
        row.tenant_id,
        row.gateway_type,
        row.name,
        row.configuration_details,
        row.merchant_id,
        row.base_url,
        row.supported_payment_methods,
        row.is_active,
        row.is_default,
        row.created_at,
        row.updated_at,
      ]);
      await this.outbox.append(manager, events);
      await this.audit.record(manager, AUDITED_RESOURCE, events, context);
    });
  }

  async save(
    configuration: GatewayConfiguration,
    credentials: GatewayCredentialValues | null,
    context: EventContext,
  ): Promise<Result<void>> {
    if (configuration.version === 0) throw new Error(`Gateway configuration ${configuration.id} was never stored`);
    const expected = configuration.version;
    const row = this.mapper.toColumns(configuration, credentials);
    const events = this.envelopes.wrap(this.uncommitted.take(configuration), expected + 1, context);
    return this.write(configuration, async (manager) => {
      if (row.is_default) await manager.query(UNSET_OTHER_DEFAULT, [row.tenant_id, row.id]);
      const updated = await manager.query<unknown[]>(UPDATE_CONFIGURATION, [
        row.id,
        row.tenant_id,
        expected,
        row.name,
        row.configuration_details,
        row.merchant_id,
        row.base_url,
        row.supported_payment_methods,
        row.is_active,
        row.is_default,
        row.updated_at,
      ]);
      if (updated.length === 0) throw new WriteRefused(concurrentModification(AGGREGATE, configuration.id));
      await this.outbox.append(manager, events);
      await this.audit.record(manager, AUDITED_RESOURCE, events, context);
    });
  }

  /**
   * Key rotation: seals again, with the keyring's newest key, every stored secret sealed with an older one
   * (soft-deleted rows too, so the old key can be retired). One row per transaction, written only if the row's
   * version and secret are still the ones read (a concurrent save wins; run again to catch it). The version is
   * left alone: the configuration did not change, so a loaded copy may still be saved. Returns how many rows
   * were re-sealed.
   */
  async resealAll(): Promise<number> {
    let resealed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<{ id: string; version: number; configuration_details: unknown }[]>(
        `SELECT id, version, configuration_details FROM payment_gateway_configurations
          WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, RESEAL_BATCH],
      );
      for (const row of rows) {
        const sealed = sealedSecret(row.configuration_details, row.id);
        if (!this.cipher.needsResealing(sealed)) continue;
        const resealedSecret = this.mapper.seal(this.cipher.open(sealed, row.id), row.id);
        const updated = await this.dataSource.query<unknown[]>(
          `WITH updated AS (
             UPDATE payment_gateway_configurations SET configuration_details = $3::jsonb
              WHERE id = $1 AND version = $2 AND configuration_details = $4::jsonb
             RETURNING 1)
           SELECT 1 FROM updated`,
          [row.id, row.version, resealedSecret, JSON.stringify(sealed)],
        );
        resealed += updated.length;
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < RESEAL_BATCH) return resealed;
      after = last.id;
    }
  }

  private async write(
    configuration: GatewayConfiguration,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<Result<void>> {
    try {
      await this.dataSource.transaction(work);
    } catch (error) {
      if (error instanceof WriteRefused) return failure(error.refusal);
      const constraint = violatedUniqueConstraint(error);
      if (constraint === 'uq_payment_gateway_configurations_tenant_name') {
        return failure(gatewayConfigNameTaken(configuration.name));
      }
      // Two configurations made the default at once: the later transaction lost the race.
      if (constraint === 'uq_payment_gateway_configurations_tenant_default') {
        return failure(concurrentModification(AGGREGATE, configuration.id));
      }
      throw error;
    }
    this.uncommitted.committed(configuration);
    return success(undefined);
  }
}
