import { randomUUID } from 'node:crypto';
import { Subjects, type RiskRulesView } from '@ppm/contracts';
import { QueryTestBed } from '../../../test/query-test-bed';

describe('risk-rules.get on real Postgres and NATS', () => {
  let bed: QueryTestBed;

  const get = (tenantId: string, data: { version?: number } = {}) =>
    bed.client.request<RiskRulesView>(Subjects.query.riskRulesGet, data, { tenantId, traceId: randomUUID() });

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'risk-rules-query-int-spec' });
  });

  afterAll(() => bed?.stop());

  it('shows version 0 without rules to a tenant that never wrote any', async () => {
    await expect(get(randomUUID())).resolves.toEqual({
      success: true,
      data: { version: 0, rules: [], whenCountersUnavailable: 'ALLOW', updatedAt: null },
    });
  });

  it("shows the tenant's newest version, never another tenant's", async () => {
    const [tenant, other] = [randomUUID(), randomUUID()];
    const rules = [{ type: 'AMOUNT_LIMIT', max: 1_000, currency: 'VND', action: 'REVIEW' }];
    await bed.sql.query(
      `INSERT INTO risk_rule_sets (tenant_id, version, rules, created_at) VALUES
         ($1, 1, '[]', '2026-12-01T10:00:00Z'), ($1, 2, $2::jsonb, '2026-12-01T11:00:00Z'),
         ($3, 7, '[]', '2026-12-01T12:00:00Z')`,
      [tenant, JSON.stringify(rules), other],
    );
    await expect(get(tenant)).resolves.toEqual({
      success: true,
      data: { version: 2, rules, whenCountersUnavailable: 'ALLOW', updatedAt: '2026-12-01T11:00:00.000Z' },
    });
    await expect(get(tenant, { version: 1 })).resolves.toEqual({
      success: true,
      data: { version: 1, rules: [], whenCountersUnavailable: 'ALLOW', updatedAt: '2026-12-01T10:00:00.000Z' },
    });
    await expect(get(tenant, { version: 7 })).resolves.toMatchObject({
      success: false,
      error: { code: 'RISK_RULES_VERSION_NOT_FOUND' },
    });
  });
});
