import { randomBytes, randomUUID } from 'node:crypto';
import { requireServers, spawnApp, startApp, TestStack } from '@ppm/testing';
import { signTestToken } from './support/test-token';

describe('the apps as real processes', () => {
  let stack: TestStack | undefined;

  beforeAll(() => requireServers('postgres', 'redis', 'rabbitmq', 'nats'));

  afterAll(() => stack?.stop());

  it('carries the request id from HTTP through NATS into the command and query services and back', async () => {
    const secret = randomBytes(32).toString('hex');
    stack = await TestStack.start({
      name: 'stack-e2e',
      apps: { gateway: { NATS_REQUEST_TIMEOUT_MS: '3000', JWT_SECRET: secret }, command: {}, query: {} },
    });
    const gateway = stack.app('gateway');

    const exp = Math.floor(Date.now() / 1000) + 300;
    const token = signTestToken({ sub: 'ops', tenantId: randomUUID(), roles: ['ppm.viewer'], exp }, secret);
    const response = await fetch(`${gateway.url}/api/v1/ppm/system/ping`, {
      headers: { 'x-request-id': 'req-4242-abcd', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-4242-abcd');
    const body = (await response.json()) as { data: { command: { traceId: string }; query: { traceId: string } } };
    expect(body.data.command.traceId).toBe('req-4242-abcd');
    expect(body.data.query.traceId).toBe('req-4242-abcd');
  });

  it('makes up a request id when the caller sends an unusable one', async () => {
    const response = await fetch(`${stack?.app('gateway').url ?? ''}/health/live`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses to boot on an invalid variable and names it', async () => {
    const { process: app } = spawnApp('command', { PORT: '3999', DATABASE_POOL_SIZE: 'many', NATS_URL: 'http://nope' });
    expect(await app.stop('SIGCONT')).toEqual({ code: 1, signal: null });
    expect(app.output()).toContain('DATABASE_POOL_SIZE');
    expect(app.output()).toContain('NATS_URL');
  });

  it.each(['command', 'query', 'worker', 'gateway', 'gateway-sandbox'])('%s stops cleanly on SIGTERM', async (name) => {
    const app = await startApp(name);
    // Nest re-raises the signal once shutdown is done, so the process ends by SIGTERM after its last log line.
    expect(await app.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    expect(app.output()).toContain('stopped cleanly');
  });
});
