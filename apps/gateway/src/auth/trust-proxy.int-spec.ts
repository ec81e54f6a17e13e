import { requireServers, startForTest, type RunningService } from '@ppm/testing';
import { GatewayConfig } from '../gateway.config';
import { startGateway } from '../start-gateway';

// A bad bearer token from `client` as a proxy on 127.0.0.1 would forward it; answers 401, then 429 once throttled.
const badTokenFrom = async (gateway: RunningService, client: string): Promise<number> =>
  (
    await fetch(`${gateway.baseUrl}/api/v1/ppm/system/ping`, {
      headers: { authorization: 'Bearer not-a-token', 'x-forwarded-for': client },
    })
  ).status;

describe('gateway behind a proxy: whose address the failed-authentication throttle counts', () => {
  let gateway: RunningService | undefined;

  beforeAll(() => requireServers('nats', 'redis'));
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('with TRUST_PROXY naming the proxy, counts each forwarded client on its own', async () => {
    gateway = await startForTest(GatewayConfig, startGateway, { AUTH_FAILURE_LIMIT: '1', TRUST_PROXY: '127.0.0.1' });
    expect(await badTokenFrom(gateway, '198.51.100.1')).toBe(401);
    expect(await badTokenFrom(gateway, '198.51.100.1')).toBe(429);
    expect(await badTokenFrom(gateway, '198.51.100.2')).toBe(401);
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For: every client counts as the connecting address', async () => {
    gateway = await startForTest(GatewayConfig, startGateway, { AUTH_FAILURE_LIMIT: '1' });
    expect(await badTokenFrom(gateway, '198.51.100.1')).toBe(401);
    expect(await badTokenFrom(gateway, '198.51.100.2')).toBe(429);
  });
});
