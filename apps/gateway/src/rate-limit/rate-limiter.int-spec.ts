import { randomUUID } from 'node:crypto';
import { RedisClient } from '@ppm/cache';
import { MetricsRegistry } from '@ppm/observability';
import { freePort, PrivateRedis, requireServers, sampleValue, testInfra } from '@ppm/testing';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter on Redis', () => {
  const clients: RedisClient[] = [];
  // The client refuses commands until connected (no offline queue): the tests wait for it, the gateway fails open.
  const connected: Promise<unknown>[] = [];
  const ready = (): Promise<unknown> => Promise.all(connected);
  const limiter = (url = testInfra.redisUrl): { limiter: RateLimiter; metrics: MetricsRegistry } => {
    const redis = new RedisClient(url, 'gateway-rate-limit-test');
    if (url === testInfra.redisUrl) connected.push(new Promise((resolve) => redis.once('ready', resolve)));
    clients.push(redis);
    const metrics = new MetricsRegistry('gateway-test');
    return { limiter: new RateLimiter(redis, metrics), metrics };
  };

  beforeAll(() => requireServers('redis'));
  afterAll(() => Promise.all(clients.map((client) => client.onApplicationShutdown())));

  it('shares one count between gateway instances, even under concurrent requests', async () => {
    const bucket = { key: `tenant:${randomUUID()}`, tier: { limit: 10, windowSeconds: 30 } };
    const [one, two] = [limiter().limiter, limiter().limiter];
    await ready();
    const decisions = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? one : two).charge([bucket])),
    );
    expect(decisions.filter((d) => d?.allowed)).toHaveLength(10);
    expect(decisions.filter((d) => d && !d.allowed)).toHaveLength(6);
    expect(new Set(decisions.map((d) => d?.remaining))).toContain(0);
  });

  it('refuses when either the tenant or the API key counter is exhausted', async () => {
    const { limiter: instance } = limiter();
    await ready();
    const tenant = { key: `tenant:${randomUUID()}`, tier: { limit: 100, windowSeconds: 30 } };
    const key = { key: `api-key:${randomUUID()}`, tier: { limit: 2, windowSeconds: 30 } };
    const decisions = [];
    for (let i = 0; i < 3; i += 1) decisions.push(await instance.charge([tenant, key]));
    expect(decisions.map((d) => d?.allowed)).toEqual([true, true, false]);
    expect(decisions[2]).toMatchObject({ limit: 2, remaining: 0 });
    expect(decisions[2]?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('starts a new window once the old one ends', async () => {
    const { limiter: instance } = limiter();
    await ready();
    const bucket = { key: `tenant:${randomUUID()}`, tier: { limit: 1, windowSeconds: 1 } };
    expect((await instance.charge([bucket]))?.allowed).toBe(true);
    expect((await instance.charge([bucket]))?.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await instance.charge([bucket]))?.allowed).toBe(true);
  });

  it('lets requests through (fail-open) and counts it when Redis does not answer', async () => {
    const { limiter: instance, metrics } = limiter(`redis://127.0.0.1:${await freePort()}`);
    const bucket = { key: `tenant:${randomUUID()}`, tier: { limit: 1, windowSeconds: 30 } };
    expect(await instance.charge([bucket])).toBeUndefined();
    expect(await instance.charge([bucket])).toBeUndefined();
    expect(
      sampleValue(await metrics.metrics(), 'ppm_gateway_rate_limit_unavailable_total', { service: 'gateway-test' }),
    ).toBe(2);
  });

  it('lets requests through instead of waiting when Redis hangs, and counts again once it answers', async () => {
    const redis = await PrivateRedis.start();
    try {
      const client = new RedisClient(redis.url, 'gateway-rate-limit-hang-test');
      clients.push(client);
      await new Promise((resolve) => client.once('ready', resolve));
      const instance = new RateLimiter(client, new MetricsRegistry('gateway-test'));
      const bucket = { key: `tenant:${randomUUID()}`, tier: { limit: 5, windowSeconds: 30 } };
      expect((await instance.charge([bucket]))?.remaining).toBe(4);

      redis.freeze();
      expect(await instance.charge([bucket])).toBeUndefined();
      redis.thaw();
      // The charge that timed out still reaches Redis once it thaws; counting resumes from there.
      expect(await instance.charge([bucket])).toMatchObject({ allowed: true, remaining: 2 });
    } finally {
      await redis.stop();
    }
  });
});
