import { requireServers, startForTest, type RunningService } from '@ppm/testing';
import { CommandConfig } from '../../command/src/command.config';
import { startCommand } from '../../command/src/start-command';
import { QueryConfig } from '../../query/src/query.config';
import { startQuery } from '../../query/src/start-query';
import { GatewayConfig } from './gateway.config';
import { startGateway } from './start-gateway';

describe('HTTP edge over NATS to the command and query services', () => {
  let gateway: RunningService;
  let query: RunningService;
  let command: RunningService | undefined;

  beforeAll(async () => {
    await requireServers('postgres', 'redis', 'nats', 'rabbitmq');
    gateway = await startForTest(GatewayConfig, startGateway, { NATS_REQUEST_TIMEOUT_MS: '2000' });
    query = await startForTest(QueryConfig, startQuery);
  });

  afterAll(async () => {
    await Promise.all([gateway?.close(), query?.close(), command?.close()]);
  });

  it('is ready when NATS answers', async () => {
    const response = await fetch(`${gateway.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', dependencies: { nats: { status: 'up' } } });
  });

  it('carries the request id from HTTP through NATS into both services and back', async () => {
    command = await startForTest(CommandConfig, startCommand);
    const response = await fetch(`${gateway.baseUrl}/api/v1/ppm/system/ping`, { headers: { 'x-request-id': 'req-4242-abcd' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-4242-abcd');
    const body = (await response.json()) as { data: { command: { traceId: string }; query: { traceId: string } } };
    expect(body.data.command.traceId).toBe('req-4242-abcd');
    expect(body.data.query.traceId).toBe('req-4242-abcd');
  });

  it('makes up a request id when the caller sends none or an unusable one', async () => {
    const response = await fetch(`${gateway.baseUrl}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });
});
