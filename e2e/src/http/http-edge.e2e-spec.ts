import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { migrateDatabase } from '@ppm/migrations';
import { freePort, spawnApp, TestStack, type SandboxControl } from '@ppm/testing';
import { signTestToken } from '../support/test-token';

interface Body {
  success: boolean;
  data?: Record<string, unknown> & { items?: Record<string, unknown>[] };
  error?: { code: string; message: string; details?: { fields?: { field: string; problems: string[] }[] } };
}

const ROOT = join(__dirname, '..', '..', '..');
const SECRET = `http-e2e-${randomBytes(24).toString('hex')}`;
const SCOPE = { iss: 'https://idp.e2e.example', aud: 'ppm' };
const AUTH_FAILURE_LIMIT = 12;
const jwt = (claims: Record<string, unknown>, secret = SECRET, alg = 'HS256'): string =>
  signTestToken(claims, secret, alg);

describe('the HTTP edge over the running gateway, command, query, worker and sandbox', () => {
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const burstTenant = randomUUID();
  const tenantKey = `ppm_${randomBytes(24).toString('base64url')}`;
  const platformKey = `ppm_${randomBytes(24).toString('base64url')}`;
  const momo = {
    partnerCode: `MOMO${randomBytes(4).toString('hex')}`,
    accessKey: randomUUID(),
    secretKey: randomUUID(),
  };
  let stack: TestStack;
  let sandbox: SandboxControl;
  let gatewayUrl: string;
  let configurationId: string;

  const token = (tenantId: string, roles: string[], extra: Record<string, unknown> = {}): string => {
    const iat = Math.floor(Date.now() / 1000);
    return jwt({ sub: `user-${roles.join('+')}`, tenantId, roles, ...SCOPE, iat, exp: iat + 600, ...extra });
  };
  const viewer = token(tenantA, ['ppm.viewer']);
  const operator = token(tenantA, ['ppm.operator']);
  const admin = token(tenantA, ['ppm.admin']);

  async function call(
    method: string,
    path: string,
    options: { auth?: string; apiKey?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; headers: Headers; body: Body }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth) headers['authorization'] = `Bearer ${options.auth}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,64}$/);
    expect(text).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Body };
  }

  /** A GET from another source address of this machine (the loopback network is 127.0.0.0/8). */
  function getFrom(
    localAddress: string,
    path: string,
    auth: string,
  ): Promise<{ status: number; body: Body; retryAfter?: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        `${gatewayUrl}${path}`,
        { localAddress, headers: { authorization: `Bearer ${auth}` } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const retryAfter = response.headers['retry-after'];
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(text) as Body,
              ...(retryAfter ? { retryAfter } : {}),
            });
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  const paymentBody = (): Record<string, unknown> => ({
    sourceBoundedContext: 'orders',
    sourceTransactionId: randomUUID(),
    amount: 250_000,
    currency: 'VND',
    paymentMethodType: 'E_WALLET',
    description: 'HTTP e2e order',
    returnUrl: 'https://shop.example/return',
    gatewayConfigurationId: configurationId,
  });
  const pay = (body = paymentBody(), idempotencyKey = randomUUID()) =>
    call('POST', '/api/v1/internal/ppm/process-payment', {
      apiKey: tenantKey,
      headers: { 'idempotency-key': idempotencyKey },
      body,
    });

  beforeAll(async () => {
    const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');
    stack = await TestStack.start({
      name: 'http-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: {
        worker: {},
        command: { OUTBOX_POLL_INTERVAL_MS: '100' },
        query: { CACHE_TTL_IN_FLIGHT_MS: '1000' },
        gateway: {
          JWT_SECRET: SECRET,
          JWT_ISSUER: SCOPE.iss,
          JWT_AUDIENCE: SCOPE.aud,
          AUTH_FAILURE_LIMIT: String(AUTH_FAILURE_LIMIT),
          API_KEYS: JSON.stringify([
            { id: 'orders-a', sha256: sha256(tenantKey), tenantId: tenantA, roles: ['ppm.internal'] },
            { id: 'billing', sha256: sha256(platformKey), tenantId: 'platform', roles: ['ppm.internal'] },
          ]),
          RATE_LIMIT_TIERS: JSON.stringify({
            standard: { limit: 10_000, windowSeconds: 60 },
            burst: { limit: 3, windowSeconds: 3 },
          }),
          RATE_LIMIT_TENANT_TIERS: JSON.stringify({ [burstTenant]: 'burst' }),
          CORS_ORIGINS: 'https://admin.example.com',
          BODY_LIMIT_BYTES: '4096',
          NATS_REQUEST_TIMEOUT_MS: '10000',
        },
      },
    });
    gatewayUrl = stack.app('gateway').url;
    sandbox = stack.sandbox;
    await sandbox.registerMerchant('MOMO', momo);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lets an admin add a gateway configuration; the same Idempotency-Key returns the first reply', async () => {
    const body = { gatewayType: 'MOMO', name: 'MoMo main', credentials: momo, supportedPaymentMethods: ['E_WALLET'] };
    const headers = { 'idempotency-key': `cfg-${randomUUID()}` };
    const first = await call('POST', '/api/v1/ppm/gateways/configurations', { auth: admin, body, headers });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ success: true, data: { name: 'MoMo main', isActive: true } });
    expect(JSON.stringify(first.body)).not.toContain(momo.secretKey);
    const again = await call('POST', '/api/v1/ppm/gateways/configurations', { auth: admin, body, headers });
    expect(again).toMatchObject({ status: 201, body: first.body });
    configurationId = String(first.body.data?.['id']);

    for (const auth of [viewer, operator]) {
      const refused = await call('POST', '/api/v1/ppm/gateways/configurations', { auth, body: { ...body, name: 'x' } });
      expect(refused).toMatchObject({ status: 403, body: { success: false, error: { code: 'FORBIDDEN' } } });
    }
  });

  it('reads and changes gateway configurations by role, each tenant only its own', async () => {
    const list = await call('GET', '/api/v1/ppm/gateways/configurations?isActive=true', { auth: viewer });
    expect(list.status).toBe(200);
    expect(list.body.data?.items?.map((c) => c['id'])).toEqual([configurationId]);
    const path = `/api/v1/ppm/gateways/configurations/${configurationId}`;
    expect((await call('GET', path, { auth: viewer })).body.data).toMatchObject({ id: configurationId });
    const renamed = await call('PUT', path, { auth: admin, body: { name: 'MoMo primary' } });
    expect(renamed).toMatchObject({ status: 200, body: { data: { name: 'MoMo primary' } } });
    expect((await call('PUT', path, { auth: operator, body: { name: 'nope' } })).status).toBe(403);
    const otherTenant = await call('GET', path, { auth: token(tenantB, ['ppm.admin']) });
    expect(otherTenant).toMatchObject({ status: 404, body: { error: { code: 'GATEWAY_CONFIG_NOT_FOUND' } } });
  });

  it('takes payments from internal callers with an API key; the same Idempotency-Key returns the first reply', async () => {
    const key = randomUUID();
    const body = paymentBody();
    const first = await pay(body, key);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ gatewayType: 'MOMO' });
    expect(typeof first.body.data?.['transactionId']).toBe('string');
    // A retry with the same key and body replays the first reply instead of paying twice.
    expect(await pay(body, key)).toMatchObject({ status: 201, body: first.body });

    const bearer = await call('POST', '/api/v1/internal/ppm/process-payment', { auth: admin, body: {} });
    expect(bearer).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const wrongKey = await call('POST', '/api/v1/internal/ppm/process-payment', { apiKey: 'ppm_guess', body: {} });
    expect(wrongKey.status).toBe(401);
    const override = await call('POST', '/api/v1/internal/ppm/process-payment', {
      apiKey: tenantKey,
      headers: { 'x-tenant-id': tenantB },
      body: {},
    });
    expect(override).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('lets a platform key act for the tenant it names, with that tenant’s own data', async () => {
    const noTenant = await call('POST', '/api/v1/internal/ppm/process-payment', { apiKey: platformKey, body: {} });
    expect(noTenant).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR' } } });
    const forB = await call('POST', '/api/v1/internal/ppm/process-payment', {
      apiKey: platformKey,
      headers: { 'x-tenant-id': tenantB },
      body: {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 1_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'B has no gateway configuration',
        returnUrl: 'https://shop.example/return',
      },
    });
    expect(forB).toMatchObject({ status: 422, body: { success: false, error: { code: 'GATEWAY_NOT_CONFIGURED' } } });
  });

  it('shows a tenant its transactions (list, one, stats) and answers 404 for another tenant’s', async () => {
    const { body } = await pay();
    const transactionId = String(body.data?.['transactionId']);
    const one = await call('GET', `/api/v1/ppm/transactions/${transactionId}`, { auth: viewer });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id: transactionId, amount: 250_000 });
    expect(Array.isArray(one.body.data?.['attempts'])).toBe(true);
    const page = await call('GET', '/api/v1/ppm/transactions?limit=1&amountMin=250000&currency=VND&gatewayType=MOMO', {
      auth: viewer,
    });
    expect(page.status).toBe(200);
    expect(page.body.data?.items).toHaveLength(1);
    const cursor = String(page.body.data?.['nextCursor']);
    const next = await call('GET', `/api/v1/ppm/transactions?limit=1&cursor=${cursor}`, { auth: viewer });
    expect(next.body.data?.items?.[0]?.['id']).not.toBe(page.body.data?.items?.[0]?.['id']);
    const stats = await call('GET', '/api/v1/ppm/transactions/stats', { auth: viewer });
    expect(stats.status).toBe(200);
    expect(typeof (stats.body.data?.['total'] as { count?: unknown }).count).toBe('number');

    const foreign = await call('GET', `/api/v1/ppm/transactions/${transactionId}`, {
      auth: token(tenantB, ['ppm.admin', 'ppm.operator']),
    });
    expect(foreign).toMatchObject({ status: 404, body: { success: false, error: { code: 'TRANSACTION_NOT_FOUND' } } });
    const foreignCancel = await call('POST', `/api/v1/ppm/transactions/${transactionId}/cancel`, {
      auth: token(tenantB, ['ppm.operator']),
      body: { reason: 'not yours' },
    });
    expect(foreignCancel.status).toBe(404);
  });

  it('lets an operator cancel (not a viewer), carrying the request id and Idempotency-Key into the command', async () => {
    const { body } = await pay();
    const transactionId = String(body.data?.['transactionId']);
    const path = `/api/v1/ppm/transactions/${transactionId}/cancel`;
    expect((await call('POST', path, { auth: viewer, body: { reason: 'changed mind' } })).status).toBe(403);
    const requestId = `http-e2e-${randomBytes(8).toString('hex')}`;
    const idempotencyKey = `cancel-${randomUUID()}`;
    const cancelled = await call('POST', path, {
      auth: operator,
      body: { reason: 'changed mind' },
      headers: { 'x-request-id': requestId, 'idempotency-key': idempotencyKey },
    });
    expect(cancelled).toMatchObject({ status: 200, body: { data: { transactionId, status: 'CANCELLED' } } });
    expect(cancelled.headers.get('x-request-id')).toBe(requestId);

    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ trace_id: string; correlation: string }>(
        `SELECT trace_id, payload->>'correlationId' AS correlation
           FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'ppm.payment.cancelled.v1'`,
        [transactionId],
      );
      expect(rows).toEqual([{ trace_id: requestId, correlation: idempotencyKey }]);
    } finally {
      await db.end();
    }
  });

  it('lets an operator refund a paid transaction (a viewer gets 403); internal callers refund with an API key', async () => {
    const { body } = await pay();
    const transactionId = String(body.data?.['transactionId']);
    await sandbox.complete('MOMO', String(body.data?.['gatewayReference']), 'succeeded');
    const deadline = Date.now() + 15_000;
    let status = '';
    while (status !== 'SUCCEEDED' && Date.now() < deadline) {
      const read = await call('GET', `/api/v1/ppm/transactions/${transactionId}`, { auth: viewer });
      status = String(read.body.data?.['status']);
      if (status !== 'SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('SUCCEEDED');

    const path = `/api/v1/ppm/transactions/${transactionId}/refund`;
    const viewerRefund = await call('POST', path, { auth: viewer, body: { amount: 1_000, reason: 'damaged' } });
    expect(viewerRefund).toMatchObject({ status: 403, body: { success: false, error: { code: 'FORBIDDEN' } } });

    const headers = { 'idempotency-key': `refund-${randomUUID()}` };
    const refund = await call('POST', path, { auth: operator, body: { amount: 50_000, reason: 'damaged' }, headers });
    expect(refund).toMatchObject({ status: 201, body: { data: { transactionId, amount: 50_000 } } });
    const again = await call('POST', path, { auth: operator, body: { amount: 50_000, reason: 'damaged' }, headers });
    expect(again).toMatchObject({ status: 201, body: refund.body });

    const internal = await call('POST', '/api/v1/internal/ppm/process-refund', {
      apiKey: tenantKey,
      body: { transactionId, amount: 10_000, reason: 'goodwill' },
    });
    expect(internal).toMatchObject({ status: 201, body: { data: { transactionId, amount: 10_000 } } });
    const tooMuch = await call('POST', path, { auth: operator, body: { amount: 10_000_000, reason: 'all of it' } });
    expect(tooMuch).toMatchObject({ status: 422, body: { error: { code: 'REFUND_EXCEEDS_REFUNDABLE' } } });
  });

  it('refuses malformed requests with 400 naming the bad fields, and oversized bodies with 413', async () => {
    const id = randomUUID();
    const bad = await call('POST', `/api/v1/ppm/transactions/${id}/refund`, {
      auth: operator,
      body: { amount: 12.5, reason: '', tenantId: tenantB },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_ERROR');
    expect(bad.body.error?.details?.fields?.map((f) => f.field).sort()).toEqual(['amount', 'reason', 'tenantId']);

    const query = await call('GET', '/api/v1/ppm/transactions?limit=0&status=LOST', { auth: viewer });
    expect(query.body.error?.details?.fields?.map((f) => f.field).sort()).toEqual(['limit', 'status']);
    const path = await call('GET', '/api/v1/ppm/transactions/not-a-uuid', { auth: viewer });
    expect(path.body.error?.details?.fields?.map((f) => f.field)).toEqual(['id']);
    const notJson = await fetch(`${gatewayUrl}/api/v1/ppm/transactions/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: '{"reason":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Body).error?.code).toBe('VALIDATION_ERROR');

    const text = await fetch(`${gatewayUrl}/api/v1/ppm/transactions/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'text/plain' },
      body: 'reason=changed mind',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as Body).error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const huge = await call('POST', `/api/v1/ppm/transactions/${id}/cancel`, {
      auth: operator,
      body: { reason: 'x'.repeat(5_000) },
    });
    expect(huge).toMatchObject({ status: 413, body: { success: false, error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('refuses missing, expired, forged, alg-none, foreign and too long-lived tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'u', tenantId: tenantA, roles: ['ppm.admin'], ...SCOPE, iat: now };
    const tokens = {
      missing: undefined,
      expired: jwt({ ...claims, iat: now - 3_600, exp: now - 1_800 }),
      forged: jwt({ ...claims, exp: now + 600 }, `${SECRET}-guessed`),
      none: jwt({ ...claims, exp: now + 600 }, SECRET, 'none'),
      otherAudience: jwt({ ...claims, aud: 'billing', exp: now + 600 }),
      overMaxLifetime: jwt({ ...claims, exp: now + 2 * 3_600 }),
      garbage: 'not-a-token',
    };
    for (const [kind, auth] of Object.entries(tokens)) {
      const response = await call('GET', '/api/v1/ppm/transactions', { auth });
      expect({ kind, status: response.status, code: response.body.error?.code }).toEqual({
        kind,
        status: 401,
        code: 'UNAUTHORIZED',
      });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('accepts a token printed by `npm run ppm -- token` with the same secret', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js'), 'token'].concat([
        '--tenant',
        tenantA,
        '--role',
        'ppm.viewer',
      ]),
      {
        cwd: ROOT,
        env: { PATH: process.env['PATH'], JWT_SECRET: SECRET, JWT_ISSUER: SCOPE.iss, JWT_AUDIENCE: SCOPE.aud },
      },
    );
    const response = await call('GET', '/api/v1/ppm/gateways/configurations', { auth: stdout.trim() });
    expect(response.status).toBe(200);
    const refund = await call('POST', `/api/v1/ppm/transactions/${randomUUID()}/refund`, {
      auth: stdout.trim(),
      body: { amount: 1, reason: 'r' },
    });
    expect(refund.status).toBe(403);

    const help = await promisify(execFile)(
      process.execPath,
      ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js'), 'token', '--help'],
      { cwd: ROOT, env: { PATH: process.env['PATH'] } },
    );
    expect(help.stdout).toContain('usage: npm run ppm -- token --tenant <uuid> --role');
  });

  it('answers the system ping only with a bearer token', async () => {
    const anonymous = await call('GET', '/api/v1/ppm/system/ping');
    expect(anonymous).toMatchObject({ status: 401, body: { success: false, error: { code: 'UNAUTHORIZED' } } });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const ping = await call('GET', '/api/v1/ppm/system/ping', { auth: viewer });
    expect(ping.status).toBe(200);
    expect(ping.body.data?.['command']).toMatchObject({ traceId: ping.headers.get('x-request-id') });
  });

  it('answers 429 RATE_LIMITED to an address past the limit of failed authentications, even with a valid token', async () => {
    const attacker = '127.0.0.2';
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_LIMIT + 2; i += 1) {
      const guess = jwt({ sub: 'u', tenantId: tenantA, roles: ['ppm.admin'], ...SCOPE }, `${SECRET}-guess-${i}`);
      statuses.push((await getFrom(attacker, '/api/v1/ppm/transactions', guess)).status);
    }
    expect(statuses).toEqual([...Array<number>(AUTH_FAILURE_LIMIT).fill(401), 429, 429]);

    const blocked = await getFrom(attacker, '/api/v1/ppm/transactions', viewer);
    expect(blocked).toMatchObject({ status: 429, body: { success: false, error: { code: 'RATE_LIMITED' } } });
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(60);
    // Counted per source address: this machine's other address still gets through.
    expect((await call('GET', '/api/v1/ppm/transactions', { auth: viewer })).status).toBe(200);
  });

  it('limits a tenant’s burst with 429 RATE_LIMITED and Retry-After, then lets it through again', async () => {
    const auth = token(burstTenant, ['ppm.viewer']);
    const burst = [];
    for (let i = 0; i < 5; i += 1) burst.push(await call('GET', '/api/v1/ppm/transactions', { auth }));
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(burst.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0', '0']);
    const limited = burst[4];
    expect(limited?.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // Another tenant is not affected by this tenant's burst.
    expect((await call('GET', '/api/v1/ppm/transactions', { auth: viewer })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000 + 100));
    const recovered = await call('GET', '/api/v1/ppm/transactions', { auth });
    expect(recovered.status).toBe(200);
  });

  it('answers unknown routes with 404 in the contract shape, with security headers and CORS for allowed origins only', async () => {
    const unknown = await call('GET', '/api/v1/ppm/nothing-here', { auth: viewer });
    expect(unknown).toMatchObject({ status: 404, body: { success: false, error: { code: 'ROUTE_NOT_FOUND' } } });
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(unknown.headers.get('content-security-policy')).toContain("default-src 'self'");

    const preflight = (origin: string) =>
      fetch(`${gatewayUrl}/api/v1/ppm/transactions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('https://admin.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves an OpenAPI 3 document listing every route', async () => {
    const response = await fetch(`${gatewayUrl}/api/docs/json`);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    const routes = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /api/v1/ppm/transactions',
        'GET /api/v1/ppm/transactions/{id}',
        'POST /api/v1/ppm/transactions/{id}/refund',
        'POST /api/v1/ppm/transactions/{id}/cancel',
        'POST /api/v1/ppm/transactions/{id}/review',
        'POST /api/v1/ppm/transactions/{id}/sync',
        'GET /api/v1/ppm/transactions/stats',
        'GET /api/v1/ppm/transactions/export.csv',
        'GET /api/v1/ppm/transactions/{id}/refunds',
        'GET /api/v1/ppm/refunds/{id}',
        'GET /api/v1/ppm/audit',
        'GET /api/v1/ppm/vietqr/unsettled-transfers',
        'GET /api/v1/ppm/gateways/configurations',
        'GET /api/v1/ppm/gateways/configurations/{id}',
        'POST /api/v1/ppm/gateways/configurations',
        'PUT /api/v1/ppm/gateways/configurations/{id}',
        'GET /api/v1/ppm/reconciliations',
        'POST /api/v1/ppm/reconciliations',
        'GET /api/v1/ppm/reconciliations/{id}',
        'GET /api/v1/ppm/reconciliations/{id}/mismatches.csv',
        'POST /api/v1/ppm/reconciliations/{id}/items/{itemId}/resolve',
        'POST /api/v1/internal/ppm/process-payment',
        'POST /api/v1/internal/ppm/process-refund',
        'GET /api/v1/ppm/risk/rules',
        'PUT /api/v1/ppm/risk/rules',
        'GET /api/v1/ppm/webhook-endpoints',
        'GET /api/v1/ppm/webhook-endpoints/{id}',
        'POST /api/v1/ppm/webhook-endpoints',
        'PUT /api/v1/ppm/webhook-endpoints/{id}',
        'DELETE /api/v1/ppm/webhook-endpoints/{id}',
        'POST /api/v1/ppm/webhook-endpoints/{id}/rotate-secret',
        'GET /api/v1/ppm/webhook-endpoints/{id}/deliveries',
        'POST /api/v1/ppm/webhook-endpoints/{id}/recover',
        'POST /api/v1/ppm/webhook-endpoints/{id}/test',
        'GET /api/v1/ppm/webhook-deliveries/{deliveryId}',
        'POST /api/v1/ppm/webhook-deliveries/{deliveryId}/retry',
        'GET /api/v1/ppm/gateway-ipns',
        'GET /api/v1/ppm/gateway-ipns/{id}',
        'POST /api/v1/ppm/gateway-ipns/{id}/replay',
        'GET /api/v1/ppm/jobs',
        'GET /api/v1/ppm/jobs/runs',
        'POST /api/v1/ppm/jobs/{job}/run',
        'GET /api/v1/ppm/dead-letter-queues',
        'GET /api/v1/ppm/dead-letter-queues/{queue}/messages',
        'POST /api/v1/ppm/dead-letter-queues/{queue}/replay',
      ].sort(),
    );
  });

  it('checks the reconciliation routes’ roles and input before they reach NATS', async () => {
    const run = randomUUID();
    const resolve = `/api/v1/ppm/reconciliations/${run}/items/${randomUUID()}/resolve`;
    expect((await call('POST', resolve, { auth: viewer, body: { note: 'ok' } })).status).toBe(403);
    const noNote = await call('POST', resolve, { auth: operator, body: { note: '', extra: 1 } });
    expect(noNote.body.error?.details?.fields?.map((f) => f.field).sort()).toEqual(['extra', 'note']);
    const badItem = await call('POST', `/api/v1/ppm/reconciliations/${run}/items/7/resolve`, {
      auth: operator,
      body: { note: 'ok' },
    });
    expect(badItem.body.error?.details?.fields?.map((f) => f.field)).toEqual(['itemId']);
    const list = await call('GET', '/api/v1/ppm/reconciliations?includeSuperseded=maybe&limit=500', { auth: viewer });
    expect(list.body.error?.details?.fields?.map((f) => f.field).sort()).toEqual(['includeSuperseded', 'limit']);
    expect((await call('GET', `/api/v1/ppm/reconciliations/${run}/mismatches.csv`, {})).status).toBe(401);
    expect((await call('GET', '/api/v1/ppm/reconciliations/x/mismatches.csv', { auth: viewer })).status).toBe(400);
  });

  it('refuses to boot on a bad security setting, naming the variable', async () => {
    const { process: app } = spawnApp('gateway', {
      PORT: String(await freePort()),
      JWT_ALGORITHM: 'RS256',
    });
    expect(await app.stop('SIGCONT')).toEqual({ code: 1, signal: null });
    expect(app.output()).toContain('JWT_PUBLIC_KEY must be set when JWT_ALGORITHM is RS256, ES256 or EdDSA');

    const { process: production } = spawnApp('gateway', {
      PORT: String(await freePort()),
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
    });
    expect(await production.stop('SIGCONT')).toEqual({ code: 1, signal: null });
    expect(production.output()).toContain('JWT_ISSUER must be set when NODE_ENV=production');
    expect(production.output()).toContain('JWT_AUDIENCE must be set when NODE_ENV=production');
  });
});
