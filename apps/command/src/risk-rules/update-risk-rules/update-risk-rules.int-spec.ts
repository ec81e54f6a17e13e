import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { Subjects, type RiskRulesView } from '@ppm/contracts';
import type { NatsRequester } from '@ppm/messaging';
import { CommandTestBed } from '../../../test/command-test-bed';

const RULES = [
  { type: 'AMOUNT_LIMIT', max: 50_000_000, currency: 'VND', action: 'BLOCK' },
  { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 60, action: 'BLOCK' },
  { type: 'BLOCKLIST', key: 'clientIp', values: ['203.0.113.7', '198.51.100.0/24'], action: 'BLOCK' },
];

describe('risk-rules.update on real Postgres and NATS', () => {
  const tenantId = randomUUID();
  let bed: CommandTestBed;
  let nats: NatsRequester;
  let sql: Client;

  const update = (rules: unknown, idempotencyKey?: string, tenant = tenantId, whenCountersUnavailable?: string) =>
    nats.request<RiskRulesView>(
      Subjects.command.riskRulesUpdate,
      { rules, whenCountersUnavailable },
      { tenantId: tenant, traceId: randomUUID(), userId: 'admin-1', idempotencyKey },
    );

  beforeAll(async () => {
    bed = await CommandTestBed.start('risk-rules-int-spec');
    ({ nats, sql } = bed);
  });

  afterAll(() => bed?.stop());

  it('stores each change as the next version, with its event and an audit record naming the admin', async () => {
    const first = await update(RULES, randomUUID());
    expect(first).toMatchObject({ success: true, data: { version: 1, rules: RULES } });
    const second = await update([], randomUUID(), tenantId, 'REVIEW');
    expect(second).toMatchObject({ success: true, data: { version: 2, rules: [], whenCountersUnavailable: 'REVIEW' } });

    const versions = await sql.query<{ version: number; rules: unknown; created_by: string }>(
      `SELECT version, rules, when_counters_unavailable AS "when", created_by FROM risk_rule_sets
        WHERE tenant_id = $1 ORDER BY version`,
      [tenantId],
    );
    expect(versions.rows).toEqual([
      { version: 1, rules: RULES, when: 'ALLOW', created_by: 'admin-1' },
      { version: 2, rules: [], when: 'REVIEW', created_by: 'admin-1' },
    ]);
    const events = await sql.query<{ event_type: string; aggregate_version: number; data: unknown }>(
      `SELECT event_type, aggregate_version, payload->'data' AS data FROM outbox_events
        WHERE tenant_id = $1 AND aggregate_type = 'RiskRuleSet' ORDER BY aggregate_version`,
      [tenantId],
    );
    expect(events.rows).toEqual([
      {
        event_type: 'ppm.risk-rules.updated.v1',
        aggregate_version: 1,
        data: { version: 1, rules: RULES, whenCountersUnavailable: 'ALLOW' },
      },
      {
        event_type: 'ppm.risk-rules.updated.v1',
        aggregate_version: 2,
        data: { version: 2, rules: [], whenCountersUnavailable: 'REVIEW' },
      },
    ]);
    const audit = await sql.query<{ action: string; actor_id: string; resource_id: string }>(
      `SELECT action, actor_id, resource_id FROM audit_log WHERE tenant_id = $1 AND resource_type = 'risk_rule_set'`,
      [tenantId],
    );
    expect(audit.rows).toEqual([
      { action: 'ppm.risk-rules.updated.v1', actor_id: 'admin-1', resource_id: tenantId },
      { action: 'ppm.risk-rules.updated.v1', actor_id: 'admin-1', resource_id: tenantId },
    ]);
  });

  it('replays the first reply for a repeated idempotency key instead of adding a version', async () => {
    const tenant = randomUUID();
    const key = randomUUID();
    const first = await update(RULES, key, tenant);
    expect(first).toMatchObject({ success: true, data: { version: 1 } });
    await expect(update(RULES, key, tenant)).resolves.toEqual(first);
    await expect(update([], key, tenant)).resolves.toMatchObject({
      success: false,
      error: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    const count = await sql.query('SELECT 1 FROM risk_rule_sets WHERE tenant_id = $1', [tenant]);
    expect(count.rowCount).toBe(1);
  });

  it('refuses an invalid rule set naming the field, and stores nothing', async () => {
    const tenant = randomUUID();
    const refused = await update(
      [RULES[0], { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 0, action: 'BLOCK' }],
      randomUUID(),
      tenant,
    );
    expect(refused).toEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'rules[1].windowSeconds must be a whole number from 1 to 86400',
        details: { field: 'rules[1].windowSeconds' },
      },
    });
    await expect(update('not a list', randomUUID(), tenant)).resolves.toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    const count = await sql.query('SELECT 1 FROM risk_rule_sets WHERE tenant_id = $1', [tenant]);
    expect(count.rowCount).toBe(0);
  });

  it('gives concurrent changes of one tenant different versions, refusing those that lose the race', async () => {
    const tenant = randomUUID();
    const replies = await Promise.all(Array.from({ length: 4 }, () => update(RULES, randomUUID(), tenant)));
    const versions = replies.flatMap((reply) => (reply.success ? [reply.data.version] : []));
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions).size).toBe(versions.length);
    for (const reply of replies) {
      if (!reply.success) expect(reply.error.code).toBe('CONCURRENT_MODIFICATION');
    }
  });
});
