import { Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Subjects, type SystemPingReply } from '@ppm/contracts';
import { DEV_BUS_IDENTITIES, MetricsRegistry, ServiceIdentity } from '@ppm/observability';
import { eventually, PrivateNats } from '@ppm/testing';
import { DrainingNatsServer } from './draining-nats-server';
import { NatsRequester } from './nats-requester';
import { systemPingNatsController } from './system-ping.nats-controller';

// Two nats-servers with PPM's users, not clustered: both clients are given both URLs, so when the server they share
// stops, each reconnects to the other and requests flow again without any setting changed. The ports are this
// test's own, named beforehand because the second server starts after the clients connected.
const PORTS = { first: 14312, second: 14313 };
const SERVERS = `nats://127.0.0.1:${PORTS.first},nats://127.0.0.1:${PORTS.second}`;

@Module({
  controllers: [systemPingNatsController(Subjects.query.systemPing)],
  providers: [
    { provide: ServiceIdentity, useValue: new ServiceIdentity('query') },
    { provide: MetricsRegistry, useFactory: () => new MetricsRegistry('query') },
  ],
})
class PingModule {}

describe('NATS clients given several servers', () => {
  const servers: PrivateNats[] = [];
  let responder: INestMicroservice;
  let requester: NatsRequester;

  const ping = (): Promise<boolean> =>
    requester
      .request<SystemPingReply>(Subjects.query.systemPing, {}, { tenantId: 'platform' }, 1_000)
      .then((reply) => reply.success);

  beforeAll(async () => {
    // Only the first server runs: the clients must find it among the URLs they were given.
    servers.push(await PrivateNats.start(PORTS.first));
    responder = await NestFactory.createMicroservice(PingModule, {
      strategy: new DrainingNatsServer({
        url: SERVERS,
        queue: 'ppm-query',
        name: 'ppm-test-responder',
        gracePeriodMs: 1_000,
        credentials: DEV_BUS_IDENTITIES.query,
      }),
      logger: false,
    });
    await responder.listen();
    requester = await NatsRequester.connect({
      url: SERVERS,
      name: 'ppm-test-requester',
      requestTimeoutMs: 1_000,
      credentials: DEV_BUS_IDENTITIES.caller,
    });
  }, 30_000);

  afterAll(async () => {
    await requester?.onApplicationShutdown();
    await responder?.close();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('answers through the one server that runs', async () => {
    await expect(ping()).resolves.toBe(true);
  });

  it('keeps answering on the other server after the first stops', async () => {
    servers.push(await PrivateNats.start(PORTS.second));

    await servers[0].stop();

    await eventually(ping, Boolean, { what: 'a request answered after the first server stopped' });
  }, 40_000);
});
