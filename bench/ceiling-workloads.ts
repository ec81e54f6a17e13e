// The ceilings' workloads: the raw server work under PPM's paths (a NATS round trip, a transaction with an outbox
// row, a cache read, a confirmed publish), without PPM.
import { randomUUID } from 'node:crypto';
import { connect as connectAmqp, type ConfirmChannel } from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';
import { failure, success } from '@ppm/domain';
import { CEILING_SCHEMA, ECHO_SUBJECT, type BenchServers } from './bench-scenario';
import { codec, errorCode, natsWorkload, REQUEST_TIMEOUT_MS, type Outcome, type Workload } from './workload';

/** NATS request/reply to a trivial responder (bench/nats-echo-responder.ts), as the echo ceiling's own user. */
export async function natsEchoCeiling(servers: BenchServers): Promise<Workload> {
  const nats = await natsWorkload(servers, 'bench');
  // ~100 B of JSON, the size of a small PPM request.
  const payload = codec.encode({ meta: { tenantId: randomUUID(), traceId: randomUUID() }, data: { n: 1 } });
  return {
    run: () =>
      nats.request(ECHO_SUBJECT, payload, { timeout: REQUEST_TIMEOUT_MS }).then(
        (): Outcome => success(null),
        (error: unknown) => failure(errorCode(error)),
      ),
    close: () => nats.close(),
  };
}

export async function postgresCeiling(servers: BenchServers, concurrency: number): Promise<Workload> {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = new Client({ connectionString: servers.databaseUrl, application_name: 'ppm-bench-ceiling' });
      await client.connect();
      return client;
    }),
  );
  const idle = [...clients];
  const payload = JSON.stringify({ type: 'ppm.payment.created.v1', data: { amount: 150_000, currency: 'VND' } });
  return {
    // The shape of PPM's write: a row and its outbox event in one transaction, on a pool of `concurrency` clients.
    run: async () => {
      const client = idle.pop();
      if (!client) return failure('NO_CLIENT');
      const id = randomUUID();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO ${CEILING_SCHEMA}.rows (id, tenant_id, amount, status, details) VALUES ($1, $2, $3, $4, $5)`,
          [id, id, 150_000, 'PROCESSING', payload],
        );
        await client.query(
          `INSERT INTO ${CEILING_SCHEMA}.outbox (id, aggregate_id, event_type, payload) VALUES ($1, $2, $3, $4)`,
          [randomUUID(), id, 'ppm.payment.created.v1', payload],
        );
        await client.query('COMMIT');
        return success(null);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        return failure(errorCode(error));
      } finally {
        idle.push(client);
      }
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.end()));
    },
  };
}

export async function redisCeiling(servers: BenchServers, concurrency: number): Promise<Workload> {
  // One connection per in-flight request, as `concurrency` independent clients would.
  const clients = Array.from({ length: concurrency }, () => new Redis(servers.redisUrl, { lazyConnect: true }));
  await Promise.all(clients.map((client) => client.connect()));
  const key = `bench:ceiling:${randomUUID()}`;
  await clients[0]?.set(key, JSON.stringify({ version: 3, data: { id: key, status: 'SUCCEEDED', amount: 150_000 } }));
  const idle = [...clients];
  return {
    run: async () => {
      const client = idle.pop();
      if (!client) return failure('NO_CLIENT');
      try {
        await client.get(key);
        return success(null);
      } catch (error) {
        return failure(errorCode(error));
      } finally {
        idle.push(client);
      }
    },
    close: async () => {
      await clients[0]?.del(key);
      await Promise.all(clients.map((client) => client.quit()));
    },
  };
}

export async function rabbitCeiling(servers: BenchServers): Promise<Workload> {
  // Persistent publish with a confirm to a private queue, consumed in this process: the broker's part of the
  // outbox lag (publish → confirm → delivery), without PPM's relay in between.
  const model = await connectAmqp(servers.amqpUrl);
  const channel: ConfirmChannel = await model.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  const waiting = new Map<string, () => void>();
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      waiting.get(message.properties.messageId as string)?.();
    },
    { noAck: true },
  );
  const body = Buffer.alloc(1024, 'x');
  return {
    run: (i) =>
      new Promise<Outcome>((resolve) => {
        const messageId = `m${i}`;
        let confirmed = false;
        let delivered = false;
        const settle = (): void => {
          if (confirmed && delivered) resolve(success(null));
        };
        waiting.set(messageId, () => {
          waiting.delete(messageId);
          delivered = true;
          settle();
        });
        channel.publish('', queue, body, { persistent: true, messageId }, (error) => {
          if (error) {
            waiting.delete(messageId);
            resolve(failure('NACK'));
            return;
          }
          confirmed = true;
          settle();
        });
      }),
    close: async () => {
      await model.close();
    },
  };
}
