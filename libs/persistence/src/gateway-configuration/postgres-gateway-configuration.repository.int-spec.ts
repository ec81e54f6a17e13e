import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { OutboxWriter } from '../outbox/outbox-writer';
import {
  cipherOf,
  eventContext,
  gatewayConfigurationInput,
  keyringEntry,
  minutesAfterT0,
  newGatewayConfiguration,
  unwrap,
} from '../testing/persistence-test-builders';
import { GatewayConfiguration } from '@ppm/domain';
import { PostgresGatewayConfigurationRepository } from './postgres-gateway-configuration.repository';

describe('PostgresGatewayConfigurationRepository on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let repository: PostgresGatewayConfigurationRepository;
  const oldKey = keyringEntry('2024-key');
  const outbox = new OutboxWriter();

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 10 } }).initialize();
    repository = new PostgresGatewayConfigurationRepository(dataSource, outbox, cipherOf(oldKey));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Adds a configuration built from `input` overrides; returns it and the credentials it was stored with. */
  async function added(
    overrides: Parameters<typeof gatewayConfigurationInput>[0] = {},
    repo: PostgresGatewayConfigurationRepository = repository,
  ): Promise<{ configuration: GatewayConfiguration; credentials: Record<string, string> }> {
    const input = gatewayConfigurationInput(overrides);
    const credentials = input.credentials as Record<string, string>;
    const configuration = unwrap(GatewayConfiguration.add(input));
    unwrap(await repo.add(configuration, credentials, eventContext()));
    return { configuration, credentials };
  }

  async function rawRow(id: string): Promise<{ row: string; details: { kid: string } }> {
    const [found] = await dataSource.query<{ row: string; details: { kid: string } }[]>(
      `SELECT row_to_json(c)::text AS row, c.configuration_details AS details
         FROM payment_gateway_configurations c WHERE id = $1`,
      [id],
    );
    return found;
  }

  it('stores the credentials sealed (no secret in the row) and reads them back', async () => {
    const { configuration, credentials } = await added({
      gatewayType: 'MOMO',
      credentials: { partnerCode: 'MOMO-P1', accessKey: 'access-XYZ-123', secretKey: 'secret-ABC-987' },
      supportedPaymentMethods: ['E_WALLET', 'QR_CODE'],
    });

    const { row, details } = await rawRow(configuration.id);
    expect(row).not.toContain('access-XYZ-123');
    expect(row).not.toContain('secret-ABC-987');
    expect(JSON.stringify(details)).not.toContain('MOMO-P1');
    expect(details).toMatchObject({ v: 1, alg: 'AES-256-GCM', kid: '2024-key' });

    const stored = await repository.findById(configuration.tenantId, configuration.id);
    expect(stored?.credentials).toEqual(credentials);
    expect(stored?.configuration.toSnapshot()).toEqual({ ...configuration.toSnapshot(), version: 1 });
    expect(await repository.findById(randomUUID(), configuration.id)).toBeNull();
    expect(await repository.findById(configuration.tenantId, 'gw-1')).toBeNull();

    const [event] = await dataSource.query<{ event_type: string; aggregate_version: number; payload: unknown }[]>(
      `SELECT event_type, aggregate_version, payload FROM outbox_events WHERE aggregate_id = $1`,
      [configuration.id],
    );
    expect(event).toMatchObject({ event_type: 'ppm.gateway-config.added.v1', aggregate_version: 1 });
    expect(JSON.stringify(event?.payload)).not.toContain('secret-ABC-987');
  });

  it('audits every change: an audit_log row and a ppm.audit.recorded.v1 event, both without secrets', async () => {
    const { configuration } = await added({
      gatewayType: 'MOMO',
      credentials: { partnerCode: 'MOMO-A1', accessKey: 'audit-access', secretKey: 'audit-secret' },
      supportedPaymentMethods: ['E_WALLET'],
    });
    const audits = await dataSource.query<{ action: string; details: unknown }[]>(
      `SELECT action, details FROM audit_log WHERE resource_type = 'gateway_configuration' AND resource_id = $1`,
      [configuration.id],
    );
    expect(audits.map((a) => a.action)).toEqual(['ppm.gateway-config.added.v1']);
    const published = await dataSource.query<{ payload: unknown }[]>(
      `SELECT payload FROM outbox_events WHERE event_type = 'ppm.audit.recorded.v1' AND payload->'data'->>'resourceId' = $1`,
      [configuration.id],
    );
    expect(published).toHaveLength(1);
    expect(JSON.stringify([audits, published])).not.toMatch(/audit-secret|audit-access/);
  });

  it('makes a new default the only default of its tenant', async () => {
    const tenantId = randomUUID();
    const { configuration: first } = await added({ tenantId, isDefault: true });
    expect((await repository.findDefault(tenantId))?.configuration.id).toBe(first.id);

    const { configuration: second } = await added({ tenantId, isDefault: true });

    expect((await repository.findDefault(tenantId))?.configuration.id).toBe(second.id);
    expect((await repository.findById(tenantId, first.id))?.configuration).toMatchObject({
      isDefault: false,
      version: 2,
    });
    // The old default moved on: a copy loaded before is stale.
    const staleFirst = GatewayConfiguration.restore({ ...first.toSnapshot(), version: 1 });
    unwrap(staleFirst.update({ isActive: false, credentialsChanged: false, now: minutesAfterT0(1) }));
    expect(await repository.save(staleFirst, null, eventContext())).toMatchObject({
      ok: false,
      error: { code: 'CONCURRENT_MODIFICATION' },
    });
  });

  it('refuses a name the tenant already uses and writes nothing; another tenant may use it', async () => {
    const { configuration } = await added({ name: 'VNPay main' });
    const clash = newGatewayConfiguration({ tenantId: configuration.tenantId, name: 'VNPay main', isDefault: true });

    expect(await repository.add(clash, { tmnCode: 'X', hashSecret: 'Y' }, eventContext())).toMatchObject({
      ok: false,
      error: { code: 'GATEWAY_CONFIG_NAME_TAKEN' },
    });
    expect(await repository.findById(configuration.tenantId, clash.id)).toBeNull();
    const events = await dataSource.query<unknown[]>(`SELECT 1 FROM outbox_events WHERE aggregate_id = $1`, [clash.id]);
    expect(events).toEqual([]);

    await expect(added({ name: 'VNPay main' })).resolves.toBeDefined();
  });

  it('finds every configuration of a merchant across tenants (how webhooks find their tenant)', async () => {
    const merchant = `TMN-${randomUUID()}`;
    const credentials = { tmnCode: merchant, hashSecret: 'h' };
    const { configuration: a } = await added({ credentials });
    const { configuration: b } = await added({ credentials });
    await added();

    const found = await repository.findByMerchant('VNPAY', merchant);

    expect(found.map((s) => [s.configuration.id, s.configuration.tenantId]).sort()).toEqual(
      [
        [a.id, a.tenantId],
        [b.id, b.tenantId],
      ].sort(),
    );
    expect(found[0]?.credentials).toEqual(credentials);
    expect(await repository.findByMerchant('MOMO', merchant)).toEqual([]);
  });

  it('saves changes at the next version, keeping the stored credentials unless new ones are given', async () => {
    const { configuration, credentials } = await added();
    const loaded = (await repository.findById(configuration.tenantId, configuration.id))!.configuration;
    unwrap(loaded.update({ name: 'Renamed', isDefault: true, credentialsChanged: false, now: minutesAfterT0(1) }));
    unwrap(await repository.save(loaded, null, eventContext()));

    const renamed = (await repository.findById(configuration.tenantId, configuration.id))!;
    expect(renamed.configuration).toMatchObject({ name: 'Renamed', isDefault: true, version: 2 });
    expect(renamed.credentials).toEqual(credentials);

    const newCredentials = { tmnCode: 'TMN-NEW', hashSecret: 'rotated-secret' };
    unwrap(
      renamed.configuration.update({ credentialsChanged: true, credentials: newCredentials, now: minutesAfterT0(2) }),
    );
    unwrap(await repository.save(renamed.configuration, newCredentials, eventContext()));

    const latest = (await repository.findById(configuration.tenantId, configuration.id))!;
    expect(latest.credentials).toEqual(newCredentials);
    expect(latest.configuration).toMatchObject({ merchantId: 'TMN-NEW', version: 3 });
    const events = await dataSource.query<{ event_type: string; aggregate_version: number }[]>(
      `SELECT event_type, aggregate_version FROM outbox_events WHERE aggregate_id = $1 ORDER BY position`,
      [configuration.id],
    );
    expect(events).toEqual([
      { event_type: 'ppm.gateway-config.added.v1', aggregate_version: 1 },
      { event_type: 'ppm.gateway-config.updated.v1', aggregate_version: 2 },
      { event_type: 'ppm.gateway-config.updated.v1', aggregate_version: 3 },
    ]);
    expect((await rawRow(configuration.id)).row).not.toContain('rotated-secret');
  });

  it('re-seals every secret under the new key after a rotation, and they still open', async () => {
    const stored = [await added(), await added({ isDefault: true }), await added()];
    const newKey = keyringEntry('2025-key');
    const rotated = new PostgresGatewayConfigurationRepository(dataSource, outbox, cipherOf(newKey, oldKey));
    const total = (
      await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM payment_gateway_configurations`)
    )[0].n;

    expect(await rotated.resealAll()).toBe(total);
    expect(await rotated.resealAll()).toBe(0);

    const newKeyOnly = new PostgresGatewayConfigurationRepository(dataSource, outbox, cipherOf(newKey));
    for (const { configuration, credentials } of stored) {
      expect((await rawRow(configuration.id)).details.kid).toBe('2025-key');
      const reopened = await newKeyOnly.findById(configuration.tenantId, configuration.id);
      expect(reopened?.credentials).toEqual(credentials);
      // Re-sealing changes no configuration: its version, and so any loaded copy, stays valid.
      expect(reopened?.configuration.version).toBe(1);
    }
  });
});
