import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Subjects, type RiskRulesView } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  requireServers,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { deleteQueue, testQueueName } from '../../../test/query-test-kit';
import { QueryConfig } from '../../query.config';
import { startQuery } from '../../start-query';

describe('risk-rules.get on real Postgres and NATS', () => {
  const queue = testQueueName();
  let database: IsolatedDatabase;
  let query: RunningService;
  let nats: NatsRequester;
  let sql: Client;

  const get = (tenantId: string, data: { version?: number } = {}) =>
    nats.request<RiskRulesView>(Subjects.query.riskRulesGet, data, { tenantId, traceId: randomUUID() });

  beforeAll(async () => {
    await requireServers('postgres', 'redis', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    query = await startForTest(QueryConfig, startQuery, {
      DATABASE_URL: database.url,
      CACHE_INVALIDATION_QUEUE: queue,
    });
    nats = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'risk-rules-query-int-spec',
      requestTimeoutMs: 10_000,
      credentials: testInfra.natsAs('caller'),
    });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await nats?.onApplicationShutdown();
    await query?.close();
    await deleteQueue(queue);
    await database?.drop();
  });

  it('shows version 0 without rules to a tenant that never wrote any', async () => {
    await expect(get(randomUUID())).resolves.toEqual({
      success: true,
      data: { version: 0, rules: [], updatedAt: null },
    });
  });

  it("shows the tenant's newest version, never another tenant's", async () => {
    const [tenant, other] = [randomUUID(), randomUUID()];
    const rules = [{ type: 'AMOUNT_LIMIT', max: 1_000, action: 'REVIEW' }];
    await sql.query(
      `INSERT INTO risk_rule_sets (tenant_id, version, rules, created_at) VALUES
         ($1, 1, '[]', '2026-12-01T10:00:00Z'), ($1, 2, $2::jsonb, '2026-12-01T11:00:00Z'),
         ($3, 7, '[]', '2026-12-01T12:00:00Z')`,
      [tenant, JSON.stringify(rules), other],
    );
    await expect(get(tenant)).resolves.toEqual({
      success: true,
      data: { version: 2, rules, updatedAt: '2026-12-01T11:00:00.000Z' },
    });
    await expect(get(tenant, { version: 1 })).resolves.toEqual({
      success: true,
      data: { version: 1, rules: [], updatedAt: '2026-12-01T10:00:00.000Z' },
    });
    await expect(get(tenant, { version: 7 })).resolves.toMatchObject({
      success: false,
      error: { code: 'RISK_RULES_VERSION_NOT_FOUND' },
    });
  });
});
