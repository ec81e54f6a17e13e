import { Subjects, type SystemPingReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { ServiceIdentity } from '@ppm/observability';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  requireServers,
  sampleValue,
  startForTest,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { CommandConfig } from './command.config';
import { startCommand } from './start-command';

const TENANT = '6f1c2a8e-0000-4000-8000-000000000001';

describe('command service on real Postgres, NATS and RabbitMQ', () => {
  let replicas: RunningService[] = [];
  let nats: NatsRequester;
  let database: IsolatedDatabase;

  beforeAll(async () => {
    await requireServers('postgres', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    const env = { DATABASE_URL: database.url };
    replicas = [
      await startForTest(CommandConfig, startCommand, env),
      await startForTest(CommandConfig, startCommand, env),
    ];
    nats = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'command-int-spec',
      requestTimeoutMs: 5_000,
      credentials: testInfra.natsAs('caller'),
    });
  });

  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await Promise.all(replicas.map((replica) => replica.close()));
    await database?.drop();
  });

  it('is ready only with its real dependencies up, and says which it checked', async () => {
    const response = await fetch(`${replicas[0].baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      dependencies: { postgres: { status: 'up' }, nats: { status: 'up' }, rabbitmq: { status: 'up' } },
    });
  });

  it('handles each request once across two replicas of the queue group, carrying the caller traceId', async () => {
    const handledBefore = await Promise.all(replicas.map(handledPings));
    const requests = 40;
    const replies = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        nats.request<SystemPingReply>(
          Subjects.command.systemPing,
          {},
          { tenantId: TENANT, traceId: `trace-${i}-abcdef` },
        ),
      ),
    );
    replies.forEach((reply, i) =>
      expect(reply).toMatchObject({ success: true, data: { traceId: `trace-${i}-abcdef` } }),
    );

    // Another instance of the group (a stack started with `npm start`) may take some requests: count per instance.
    const handledAfter = await Promise.all(replicas.map(handledPings));
    replicas.forEach((replica, i) => {
      const id = replica.app.get(ServiceIdentity).instanceId;
      const answered = replies.filter((r) => r.success && r.data.instanceId === id).length;
      expect(handledAfter[i] - handledBefore[i]).toBe(answered);
      expect(answered).toBeGreaterThan(0);
    });
  });
});

async function handledPings(replica: RunningService): Promise<number> {
  const text = await (await fetch(`${replica.baseUrl}/metrics`)).text();
  return sampleValue(text, 'ppm_nats_requests_handled_total', { subject: Subjects.command.systemPing });
}
