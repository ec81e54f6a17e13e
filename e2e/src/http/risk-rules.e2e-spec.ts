import { randomUUID } from 'node:crypto';
import { migrateDatabase } from '@ppm/migrations';
import { TestStack } from '@ppm/testing';
import { TenantEdgeApi } from '../support/tenant-edge-api';

type RuleSet = { version: number; rules: unknown[]; whenCountersUnavailable: string; updatedAt: string | null };

const PATH = '/api/v1/ppm/risk/rules';
const RULES = [
  { type: 'AMOUNT_LIMIT', max: 50_000_000, currency: 'VND', action: 'BLOCK' },
  { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 60, action: 'BLOCK' },
  { type: 'BLOCKLIST', key: 'clientIp', values: ['203.0.113.7', '198.51.100.0/24', '2001:db8::/32'], action: 'BLOCK' },
  { type: 'DAILY_AMOUNT', key: 'customerRef', max: 100_000_000, currency: 'VND', action: 'REVIEW' },
  { type: 'FAILED_VELOCITY', key: 'clientIp', limit: 3, windowSeconds: 600, action: 'REVIEW' },
];

describe('risk rules over HTTP, through the running gateway, command and query', () => {
  const tenant = randomUUID();
  let stack: TestStack;

  const edge = TenantEdgeApi.onStack(() => stack, tenant, true);
  const token = (roles: string[], tenantId = tenant): string => edge.token(roles, { tenantId });
  const call = (method: 'GET' | 'PUT', auth: string, body?: unknown, path = PATH) =>
    edge.call<RuleSet | undefined>(method, path, auth, body);

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'risk-rules-e2e',
      migrate: migrateDatabase,
      apps: {
        command: {},
        query: {},
        gateway: {
          ...edge.gatewayEnv(),
          NATS_REQUEST_TIMEOUT_MS: '10000',
        },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lets an admin replace the rules and every console role read them back, version by version', async () => {
    const none = await call('GET', token(['ppm.viewer']));
    expect(none).toEqual({
      status: 200,
      body: { success: true, data: { version: 0, rules: [], whenCountersUnavailable: 'ALLOW', updatedAt: null } },
    });

    const written = await call('PUT', token(['ppm.admin']), { rules: RULES });
    expect(written).toMatchObject({ status: 200, body: { success: true, data: { version: 1, rules: RULES } } });

    for (const reader of [token(['ppm.viewer']), token(['ppm.operator']), token(['ppm.admin'])]) {
      const read = await call('GET', reader);
      expect(read).toMatchObject({ status: 200, body: { data: { version: 1, rules: RULES } } });
    }
    expect((await call('PUT', token(['ppm.admin']), { rules: [] })).body.data?.version).toBe(2);
    const past = await call('GET', token(['ppm.viewer']), undefined, `${PATH}?version=1`);
    expect(past).toMatchObject({ status: 200, body: { data: { version: 1, rules: RULES } } });
    const missing = await call('GET', token(['ppm.viewer']), undefined, `${PATH}?version=9`);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'RISK_RULES_VERSION_NOT_FOUND' } } });
    const otherTenant = await call('GET', token(['ppm.viewer'], randomUUID()));
    expect(otherTenant.body.data).toEqual({ version: 0, rules: [], whenCountersUnavailable: 'ALLOW', updatedAt: null });
  });

  it('refuses a change from any role but ppm.admin, and stores nothing', async () => {
    for (const roles of [['ppm.viewer'], ['ppm.operator'], ['ppm.internal']]) {
      const refused = await call('PUT', token(roles), { rules: [] });
      expect(refused).toMatchObject({ status: 403, body: { success: false, error: { code: 'FORBIDDEN' } } });
    }
    expect((await call('GET', token(['ppm.viewer']))).body.data?.version).toBe(2);
  });

  it('answers 400 naming the field for a rule set the engine refuses', async () => {
    const refused = await call('PUT', token(['ppm.admin']), {
      rules: [{ type: 'BLOCKLIST', key: 'clientIp', values: ['203.0.113.0/33'], action: 'BLOCK' }],
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { success: false, error: { code: 'VALIDATION_ERROR', details: { field: 'rules[0].values[0]' } } },
    });
  });
});
