import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { requireServers, startForTest, type RunningService } from '@ppm/testing';
import { QueryConfig } from './query.config';
import { startQuery } from './start-query';

// A Redis of this test's own, so stopping it disturbs nothing else.
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    redis.once('error', () => reject(new Error('redis-server not found: run `npm run infra:up`, which installs it')));
    redis.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve(redis);
    });
  });
}

interface Readiness {
  status: number;
  body: { dependencies: Record<string, { status: string }> };
}

async function readiness(service: RunningService): Promise<Readiness> {
  const response = await fetch(`${service.baseUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('query service readiness follows Redis', () => {
  let redis: ChildProcess;
  let port: number;
  let query: RunningService;

  beforeAll(async () => {
    await requireServers('postgres', 'nats');
    port = await freePort();
    redis = await startRedis(port);
    query = await startForTest(QueryConfig, startQuery, { REDIS_URL: `redis://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await query?.close();
    redis?.kill('SIGKILL');
  });

  it('turns 503 when Redis stops and back to 200 when it returns, without a restart', async () => {
    expect((await readiness(query)).status).toBe(200);

    redis.kill('SIGKILL');
    const down = await eventually(
      () => readiness(query),
      (r) => r.status === 503,
    );
    expect(down.status).toBe(503);
    expect(down.body.dependencies['redis']?.status).toBe('down');
    expect(down.body.dependencies['postgres']?.status).toBe('up');

    redis = await startRedis(port);
    const back = await eventually(
      () => readiness(query),
      (r) => r.status === 200,
    );
    expect(back.status).toBe(200);
    expect(back.body.dependencies['redis']?.status).toBe('up');
  });
});
