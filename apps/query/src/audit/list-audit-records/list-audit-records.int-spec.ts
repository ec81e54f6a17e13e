import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ListAuditRecordsReply, type ListAuditRecordsRequest, type Reply } from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { QueryTestBed } from '../../../test/query-test-bed';

const ACTIONS = ['ppm.payment.created.v1', 'ppm.refund.requested.v1', 'ppm.gateway-config.updated.v1'];
const RESOURCES = ['payment', 'payment', 'gateway_configuration'];

describe('audit.list: filters and a keyset cursor over real Postgres, through NATS', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;

  const list = (data: Partial<ListAuditRecordsRequest>, tenant = tenantId) =>
    client.request<ListAuditRecordsReply>(Subjects.query.auditList, data, { tenantId: tenant });
  /** Every page of a filter, followed through its cursors. */
  const allPages = async (data: Partial<ListAuditRecordsRequest>): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const reply: Reply<ListAuditRecordsReply> = await list({ ...data, cursor });
      if (!reply.success) throw new Error(JSON.stringify(reply.error));
      ids.push(...reply.data.items.map((i) => i.id));
      cursor = reply.data.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };
  /** The records in the order the list must return them, straight from Postgres. */
  const expectedIds = async (where = 'TRUE', params: unknown[] = []): Promise<string[]> =>
    (
      await sql.query<{ id: string }[]>(
        `SELECT id FROM audit_log WHERE tenant_id = $1 AND ${where} ORDER BY created_at DESC, id DESC`,
        [tenantId, ...params],
      )
    ).map((r) => r.id);

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'list-audit-records-test' });
    ({ sql, client } = bed);
    // 90 records of this tenant, three at a time sharing their creation time to the microsecond (as a change and
    // its children do); another tenant's and a platform record (no tenant) that must never show.
    const base = Date.parse('2024-11-22T10:00:00.000Z');
    const records = Array.from({ length: 90 }, (_, i) => [
      tenantId,
      i % 4 === 3 ? 'SYSTEM' : 'USER',
      i % 4 === 3 ? null : `user-${i % 3}`,
      ACTIONS[i % 3],
      RESOURCES[i % 3],
      `resource-${i % 10}`,
      new Date(base - Math.floor(i / 3) * 1000).toISOString(),
    ]);
    records.push([
      randomUUID(),
      'USER',
      'user-0',
      ACTIONS[0],
      RESOURCES[0],
      'resource-0',
      new Date(base).toISOString(),
    ]);
    records.push([null, 'SYSTEM', null, ACTIONS[0], RESOURCES[0], 'resource-0', new Date(base).toISOString()]);
    for (const record of records) {
      await sql.query(
        `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, resource_type, resource_id, trace_id, details,
                                created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'audit-test', '{"amount":50000}', $7)`,
        record,
      );
    }
  });

  afterAll(() => bed?.stop());

  it('pages the tenant’s records newest first, 50 by default, each exactly once', async () => {
    const first = await list({});
    if (!first.success) throw new Error(JSON.stringify(first.error));
    expect(first.data.items).toHaveLength(50);
    expect(first.data.items[0]).toMatchObject({
      actorType: 'USER',
      traceId: 'audit-test',
      details: { amount: 50000 },
      createdAt: '2024-11-22T10:00:00.000Z',
    });
    const ids = await allPages({ limit: 7 });
    expect(ids).toEqual(await expectedIds());
    expect(ids).toHaveLength(90);
    expect(await list({}, randomUUID())).toEqual({ success: true, data: { items: [], nextCursor: null } });
  });

  it('filters by actor, action, target and time, together too, across pages', async () => {
    const cases: [Partial<ListAuditRecordsRequest>, string, unknown[]][] = [
      [{ actorId: 'user-1' }, `actor_id = $2`, ['user-1']],
      [{ actorType: 'SYSTEM' }, `actor_type = $2`, ['SYSTEM']],
      [{ action: ACTIONS[1] }, `action = $2`, [ACTIONS[1]]],
      [{ resourceType: 'gateway_configuration' }, `resource_type = $2`, ['gateway_configuration']],
      [{ resourceId: 'resource-4' }, `resource_id = $2`, ['resource-4']],
      [
        { from: '2024-11-22T09:59:40.000Z', to: '2024-11-22T09:59:50.000Z' },
        `created_at >= $2 AND created_at < $3`,
        ['2024-11-22T09:59:40.000Z', '2024-11-22T09:59:50.000Z'],
      ],
      [
        { actorId: 'user-0', resourceType: 'payment', from: '2024-11-22T09:59:45.000Z' },
        `actor_id = $2 AND resource_type = $3 AND created_at >= $4`,
        ['user-0', 'payment', '2024-11-22T09:59:45.000Z'],
      ],
    ];
    for (const [filters, where, params] of cases) {
      const expected = await expectedIds(where, params);
      expect(expected.length).toBeGreaterThan(0);
      expect([filters, await allPages({ ...filters, limit: 4 })]).toEqual([filters, expected]);
    }
  });

  it('refuses a bad filter, a forged cursor, a reversed period or a page over 200', async () => {
    const refusals: Partial<ListAuditRecordsRequest>[] = [
      { actorType: 'ROBOT' as 'USER' },
      { actorId: '' },
      { from: 'yesterday' },
      { from: '2024-11-23T00:00:00Z', to: '2024-11-22T00:00:00Z' },
      { limit: 201 },
      { cursor: 'bm90LWEtY3Vyc29y' },
    ];
    for (const data of refusals) {
      expect([data, await list(data)]).toMatchObject([data, { success: false, error: { code: 'VALIDATION_ERROR' } }]);
    }
  });
});
