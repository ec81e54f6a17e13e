import { eventually, PrivateRedis, requireServers, type RunningService } from '@ppm/testing';
import { patience, startQueryForTest } from '../test/query-test-kit';

interface Readiness {
  status: number;
  body: { dependencies: Record<string, { status: string }> };
}

async function readiness(service: RunningService): Promise<Readiness> {
  const response = await fetch(`${service.baseUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

describe('query service readiness follows Redis', () => {
  // A Redis of this test's own, so stopping it disturbs nothing else.
  let redis: PrivateRedis;
  let query: RunningService;

  beforeAll(async () => {
    await requireServers('postgres', 'nats', 'rabbitmq');
    redis = await PrivateRedis.start();
    query = await startQueryForTest({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await query?.close();
    await redis?.stop();
  });

  it('checks Postgres, Redis, NATS and RabbitMQ', async () => {
    const ready = await readiness(query);
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.dependencies).sort()).toEqual(['nats', 'postgres', 'rabbitmq', 'redis']);
    expect(Object.values(ready.body.dependencies).every((d) => d.status === 'up')).toBe(true);
  });

  it('turns 503 when Redis stops and back to 200 when it returns, without a restart', async () => {
    expect((await readiness(query)).status).toBe(200);

    await redis.stop();
    const down = await eventually(
      () => readiness(query),
      (r) => r.status === 503,
      { what: 'readiness 503 while Redis is down', ...patience },
    );
    expect(down.status).toBe(503);
    expect(down.body.dependencies['redis']?.status).toBe('down');
    expect(down.body.dependencies['postgres']?.status).toBe('up');

    await redis.restart();
    const back = await eventually(
      () => readiness(query),
      (r) => r.status === 200,
      { what: 'readiness 200 once Redis is back', ...patience },
    );
    expect(back.status).toBe(200);
    expect(back.body.dependencies['redis']?.status).toBe('up');
  });
});
