import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { eventually, freePort, PrivateRedis, PrivateRedisSentinel } from '@ppm/testing';
import { RedisClient } from './redis-client';

const MASTER = 'ppm-redis-spec';
const SENTINEL_PASSWORD = `sentinel-${randomUUID()}`;

/** The port of the server the client's connection is to right now. */
const connectedPort = (client: Redis): number | undefined => client.stream?.remotePort;

describe('RedisClient through Redis Sentinel (which asks for a password)', () => {
  let primary: PrivateRedis;
  let replica: PrivateRedis;
  let sentinel: PrivateRedisSentinel;
  let client: RedisClient;

  beforeAll(async () => {
    primary = await PrivateRedis.start();
    replica = await PrivateRedis.start({ replicaOf: primary });
    sentinel = await PrivateRedisSentinel.start(MASTER, primary, SENTINEL_PASSWORD);
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await sentinel?.stop();
    await Promise.all([replica?.stop(), primary?.stop()]);
  });

  it('connects to the primary the Sentinels name, and to the promoted replica after the primary dies', async () => {
    // The URL's own host is not used with Sentinels: nothing listens there.
    const url = `redis://127.0.0.1:${await freePort()}`;
    client = new RedisClient(url, 'sentinel-spec', {
      hosts: [sentinel.address],
      master: MASTER,
      password: SENTINEL_PASSWORD,
    });
    const key = `ppm:sentinel-spec:${randomUUID()}`;
    await eventually(
      () =>
        client.set(key, 'before').then(
          () => true,
          () => false,
        ),
      Boolean,
      { what: 'a write through the primary the Sentinel names' },
    );
    expect(connectedPort(client)).toBe(primary.port);
    // Replication is asynchronous: the write is on the replica once WAIT counts it.
    await eventually(
      () => client.call('WAIT', 1, 1_000) as Promise<number>,
      (replicas) => replicas >= 1,
      {
        what: 'the replica to acknowledge the write',
      },
    );

    // The Sentinel must know the replica (from the primary's INFO) before it can promote it.
    const watcher = new Redis({
      port: sentinel.port,
      host: '127.0.0.1',
      password: SENTINEL_PASSWORD,
      lazyConnect: true,
    });
    try {
      await eventually(
        async () => (await watcher.call('SENTINEL', 'REPLICAS', MASTER)) as unknown[],
        (replicas) => replicas.length > 0,
        { what: 'the Sentinel to learn of the replica', timeoutMs: 30_000 },
      );
    } finally {
      watcher.disconnect();
    }
    await primary.stop();

    const after = `${key}:after`;
    await eventually(
      () =>
        client.set(after, 'after').then(
          () => true,
          () => false,
        ),
      Boolean,
      { what: 'a write through the promoted replica', timeoutMs: 60_000 },
    );
    expect(connectedPort(client)).toBe(replica.port);
    // What was written before the failover reached the replica, which now serves it.
    expect(await client.get(key)).toBe('before');
  });
});
