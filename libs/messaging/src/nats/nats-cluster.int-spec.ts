import { Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Subjects, type SystemPingReply } from '@ppm/contracts';
import { DEV_BUS_IDENTITIES, MetricsRegistry, ServiceIdentity } from '@ppm/observability';
import { eventually, freePort, PrivateNats } from '@ppm/testing';
import { DrainingNatsServer } from './draining-nats-server';
import { NatsRequester } from './nats-requester';
import { systemPingNatsController } from './system-ping.nats-controller';

// A cluster of two nats-servers with PPM's users: both clients are given both URLs, so when the server a client is on
// stops, it reconnects to the other and requests flow again without any setting changed. The client ports are this
// test's own, named beforehand because a server starts again on its port.
const PORTS = [14312, 14313];
const SERVERS = PORTS.map((port) => `nats://127.0.0.1:${port}`).join(',');

@Module({
  controllers: [systemPingNatsController(Subjects.query.systemPing)],
  providers: [
    { provide: ServiceIdentity, useValue: new ServiceIdentity('query') },
    { provide: MetricsRegistry, useFactory: () => new MetricsRegistry('query') },
  ],
})
class PingModule {}

describe('NATS clients given several servers', () => {
  const servers = new Map<number, PrivateNats>();
  let responder: INestMicroservice;
  let requester: NatsRequester;

  const ping = (): Promise<boolean> =>
    requester
      .request<SystemPingReply>(Subjects.query.systemPing, {}, { tenantId: 'platform' }, 1_000)
      .then((reply) => reply.success);

  let routePorts: number[] = [];
  const start = async (index: number): Promise<void> => {
    const routes = routePorts.map((port) => `nats://127.0.0.1:${port}`).join(',');
    const cluster = [
      '--cluster_name',
      'ppm-test',
      '--cluster',
      `nats://127.0.0.1:${routePorts[index]}`,
      '--routes',
      routes,
    ];
    servers.set(PORTS[index], await PrivateNats.start(PORTS[index], cluster));
  };
  const stop = async (port: number): Promise<void> => {
    await servers.get(port)?.stop();
    servers.delete(port);
  };

  beforeAll(async () => {
    routePorts = [await freePort(), await freePort()];
    await start(0);
    await start(1);
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
    await Promise.all([...servers.values()].map((server) => server.stop()));
  });

  it('answers while the first server is down, whichever server each client was on', async () => {
    await stop(PORTS[0]);

    await eventually(ping, Boolean, { what: 'a request answered with only the second server up' });
  }, 40_000);

  it('keeps answering on the first server after the second, which every client is on now, stops', async () => {
    await start(0);

    await stop(PORTS[1]);

    await eventually(ping, Boolean, { what: 'a request answered after the second server stopped' });
  }, 40_000);
});
