import { requireServers, startForTest, type RunningService } from '@ppm/testing';
import { WorkerConfig } from './worker.config';
import { startWorker } from './start-worker';

describe('worker on real Postgres, RabbitMQ and NATS', () => {
  let worker: RunningService;

  beforeAll(async () => {
    await requireServers('postgres', 'rabbitmq', 'nats');
    worker = await startForTest(WorkerConfig, startWorker);
  });

  afterAll(() => worker?.close());

  it('reports each real dependency in its readiness', async () => {
    const response = await fetch(`${worker.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      dependencies: {
        postgres: { status: 'up' },
        rabbitmq: { status: 'up' },
        nats: { status: 'up' },
        'rabbitmq-consumers': { status: 'up' },
      },
    });
  });
});
