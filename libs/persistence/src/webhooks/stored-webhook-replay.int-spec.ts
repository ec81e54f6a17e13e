import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { StoredWebhookReplay } from './stored-webhook-replay';

describe('StoredWebhookReplay on a real Postgres, through TypeORM (the worker) and pg (the CLI)', () => {
  const tenantId = randomUUID();
  const context = {
    traceId: 'replay-test',
    correlationId: 'replay-test',
    causationId: null,
    actor: { type: 'USER' as const, id: 'ops-1' },
  };
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  const replays = new StoredWebhookReplay();

  const store = async (status: string, verification = 'VERIFIED', tenant: string | null = tenantId) => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_events (gateway_type, tenant_id, dedup_key, http_method, raw_body, verification,
                                   processing_status, attempts, processed_at)
       VALUES ('MOMO', $1, $2, 'POST', '{"orderId":"x"}', $3, $4, 5, now()) RETURNING id`,
      [tenant, randomUUID(), verification, status],
    );
    return String(row?.id);
  };
  const rowOf = async (id: string) =>
    (
      await dataSource.query<
        { processing_status: string; attempts: number; due_in_s: number; processed_at: Date | null }[]
      >(
        `SELECT processing_status, attempts, processed_at,
                round(extract(epoch FROM next_attempt_at - now()))::int AS due_in_s
           FROM webhook_events WHERE id = $1`,
        [id],
      )
    )[0];
  const auditsOf = (id: string) =>
    dataSource.query<{ actor_id: string; action: string; tenant_id: string | null }[]>(
      `SELECT actor_id, action, tenant_id FROM audit_log WHERE resource_id = $1`,
      [id],
    );

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('makes a failed webhook of the tenant PENDING again, held for its caller, and records who did it', async () => {
    const id = await store('FAILED');
    const outcome = await dataSource.transaction((manager) =>
      replays.replay(manager, id, { tenantId, resetAttempts: false, holdForMs: 60_000 }, context),
    );
    expect(outcome).toMatchObject({ kind: 'replayed', webhook: { id, gatewayType: 'MOMO', attempts: 5 } });
    const replayed = await rowOf(id);
    expect(replayed).toMatchObject({ processing_status: 'PENDING', attempts: 5, processed_at: null });
    // Held off the retry job for the minute asked (less whatever this test took since).
    expect(replayed?.due_in_s).toBeGreaterThan(30);
    expect(replayed?.due_in_s).toBeLessThanOrEqual(60);
    expect(await auditsOf(id)).toEqual([{ actor_id: 'ops-1', action: 'ppm.webhook.replayed', tenant_id: tenantId }]);
  });

  it('leaves another tenant’s, a refused and an applied webhook as they are, saying why', async () => {
    const foreign = await store('FAILED', 'VERIFIED', randomUUID());
    const refused = await store('REJECTED', 'BAD_SIGNATURE');
    const applied = await store('APPLIED');
    const replay = (id: string) =>
      dataSource.transaction((manager) =>
        replays.replay(manager, id, { tenantId, resetAttempts: false, holdForMs: 0 }, context),
      );
    expect(await replay(foreign)).toEqual({ kind: 'not-found' });
    expect(await replay(refused)).toEqual({ kind: 'not-verified', verification: 'BAD_SIGNATURE' });
    expect(await replay(applied)).toEqual({ kind: 'settled', status: 'APPLIED' });
    for (const id of [foreign, refused, applied]) expect(await auditsOf(id)).toEqual([]);
    expect((await rowOf(foreign))?.processing_status).toBe('FAILED');
  });

  it('replays across tenants over a plain pg client, due now, with the whole retry schedule when asked', async () => {
    const id = await store('REJECTED', 'VERIFIED', randomUUID());
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const outcome = await replays.replay(client, id, { resetAttempts: true, holdForMs: 0 }, context);
      expect(outcome.kind).toBe('replayed');
    } finally {
      await client.end();
    }
    const replayed = await rowOf(id);
    expect(replayed).toMatchObject({ processing_status: 'PENDING', attempts: 0 });
    expect(replayed?.due_in_s).toBeLessThanOrEqual(0);
  });
});
