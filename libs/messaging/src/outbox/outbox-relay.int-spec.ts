import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE, type EventEnvelope } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import { OutboxWriter } from '@ppm/persistence';
import { createIsolatedDatabase, requireServers, sampleValue, testInfra, type IsolatedDatabase } from '@ppm/testing';
import { RabbitMqConnection } from '../rabbitmq/rabbitmq-connection';
import { OutboxRelay, type OutboxRelaySettings } from './outbox-relay';

describe('outbox relay on real Postgres and RabbitMQ', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let rabbit: RabbitMqConnection;
  let observer: ChannelModel;
  const relays: OutboxRelay[] = [];
  const registries: Registry[] = [];
  const metric = async (name: string, labels: Record<string, string>): Promise<number> => {
    const values = await Promise.all(registries.map(async (r) => sampleValue(await r.metrics(), name, labels)));
    return values.reduce((sum, v) => sum + v, 0);
  };
  const topic = `ppm.relaytest${randomUUID().slice(0, 8)}`;
  const received: ConsumeMessage[] = [];
  const confirmed: string[] = [];

  const event = (aggregateId: string, version: number, name = 'changed'): EventEnvelope<unknown> => ({
    id: randomUUID(),
    type: `${topic}.${name}.v1`,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: randomUUID(),
    aggregateType: 'payment',
    aggregateId,
    aggregateVersion: version,
    traceId: `trace-${version}`,
    correlationId: randomUUID(),
    causationId: null,
    data: { version },
  });

  const startRelay = (settings: Partial<OutboxRelaySettings> = {}): OutboxRelay => {
    const registry = new Registry();
    registries.push(registry);
    const relay = new OutboxRelay(
      dataSource,
      rabbit,
      {
        databaseUrl: database.url,
        batchSize: 50,
        pollIntervalMs: 200,
        leaseMs: 5_000,
        retentionMs: 3_600_000,
        parkAfterAttempts: 3,
        ...settings,
      },
      registry,
    );
    relay.onPublished((published) => confirmed.push(published.payload['id'] as string));
    relays.push(relay);
    return relay;
  };

  const write = (events: EventEnvelope<unknown>[]) =>
    dataSource.transaction((manager) => new OutboxWriter().append(manager, events));

  const waitFor = async (count: number): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  beforeAll(async () => {
    await requireServers('postgres', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    rabbit = await RabbitMqConnection.connect({ url: testInfra.amqpUrlAs('command'), name: 'outbox-relay-test' });
    observer = await connect(testInfra.amqpUrl);
    const channel = await observer.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, `${topic}.changed.v1`);
    await channel.consume(queue, (message) => message && received.push(message), { noAck: true });
  });

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.onApplicationShutdown()));
    await observer?.close();
    await rabbit?.onApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('publishes every committed event once, with two relays, keeping each aggregate in version order', async () => {
    const aggregates = Array.from({ length: 20 }, () => randomUUID());
    // Ten versions per aggregate, written in separate transactions as successive state changes would be.
    for (let version = 1; version <= 10; version += 1) await write(aggregates.map((id) => event(id, version)));
    await Promise.all([startRelay().onApplicationBootstrap(), startRelay().onApplicationBootstrap()]);

    await waitFor(200);
    expect(received).toHaveLength(200);
    const envelopes = received.map((m) => JSON.parse(m.content.toString()) as EventEnvelope<unknown>);
    expect(new Set(received.map((m) => m.properties.messageId as string)).size).toBe(200);
    for (const id of aggregates) {
      expect(envelopes.filter((e) => e.aggregateId === id).map((e) => e.aggregateVersion)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
    }
    const [unsent] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*)::text AS count FROM outbox_events WHERE sent_at IS NULL AND event_type LIKE $1`,
      [`${topic}.changed%`],
    );
    expect(unsent?.count).toBe('0');
    expect(await metric('ppm_outbox_published_total', { event_type: `${topic}.changed.v1` })).toBe(200);
    // Listeners hear each confirmed event once, with its envelope.
    expect(new Set(confirmed).size).toBe(200);
    expect(confirmed).toHaveLength(200);
  });

  it('picks up a new event at once through NOTIFY, carrying its traceId', async () => {
    const before = received.length;
    const fresh = event(randomUUID(), 1);
    await write([fresh]);
    await waitFor(before + 1);
    const message = received[before];
    expect(message?.properties.messageId).toBe(fresh.id);
    expect(message?.properties.headers?.['x-trace-id']).toBe('trace-1');
  });

  it('retries an unroutable event, then parks it with its error and counts it', async () => {
    const lost = event(randomUUID(), 1, 'nobody-listens');
    await write([lost]);
    const deadline = Date.now() + 15_000;
    let row: { status: string; sent_at: Date | null; last_error: string | null; attempts: number } | undefined;
    while (Date.now() < deadline) {
      [row] = await dataSource.query<(typeof row & object)[]>(
        `SELECT status, sent_at, last_error, attempts FROM outbox_events WHERE id = $1`,
        [lost.id],
      );
      if (row?.status !== 'PENDING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(row).toMatchObject({ status: 'FAILED', sent_at: null, attempts: 3 });
    expect(row?.last_error).toMatch(/No queue is bound/);
    expect(await metric('ppm_outbox_publish_failures_total', { reason: 'unroutable' })).toBeGreaterThanOrEqual(3);
    // Each relay's gauge counts the table's parked rows: one row, seen by both.
    expect(await metric('ppm_outbox_parked', {})).toBe(relays.length);
  });

  it('publishes the events queued behind a full batch of unroutable ones in the same pass', async () => {
    await Promise.all(relays.map((relay) => relay.onApplicationShutdown()));
    const before = received.length;
    const unroutable = Array.from({ length: 150 }, () => event(randomUUID(), 1, 'nobody-listens'));
    const routable = Array.from({ length: 3 }, () => event(randomUUID(), 1));
    await write([...unroutable, ...routable]);
    // No poll within the test: only the start's pass can publish them, so it must get past three failing batches.
    await startRelay({ pollIntervalMs: 60_000, parkAfterAttempts: 100 }).onApplicationBootstrap();

    await waitFor(before + 3);
    expect(
      received
        .slice(before)
        .map((m) => m.properties.messageId as string)
        .sort(),
    ).toEqual(routable.map((e) => e.id).sort());
  });

  it('reports the pending backlog and the age of its oldest event', async () => {
    // The unroutable event of the test before stays pending.
    const exposition = await registries[0].metrics();
    const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(exposition)?.[1]);
    expect(value('ppm_outbox_backlog')).toBeGreaterThanOrEqual(1);
    expect(value('ppm_outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);
  });

  it("records a pass's refused events in one statement: each with its next attempt and its error", async () => {
    await Promise.all(relays.map((relay) => relay.onApplicationShutdown()));
    // The earlier tests' leftovers set aside: this pass claims only the events below.
    await dataSource.query(`UPDATE outbox_events SET status = 'FAILED', locked_until = NULL WHERE sent_at IS NULL`);
    const refused = Array.from({ length: 120 }, () => event(randomUUID(), 1, 'nobody-listens'));
    await write(refused);
    const queries = jest.spyOn(Client.prototype, 'query');
    try {
      await startRelay({ pollIntervalMs: 60_000, batchSize: 500, parkAfterAttempts: 100 }).onApplicationBootstrap();

      const ids = refused.map((e) => e.id);
      let rows: { attempts: number; last_error: string | null; retried_later: boolean }[] = [];
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        rows = await dataSource.query(
          `SELECT attempts, last_error, locked_until > now() AS retried_later FROM outbox_events WHERE id = ANY($1)`,
          [ids],
        );
        if (rows.every((row) => row.last_error !== null)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const recorded = rows.filter(
        (row) => row.attempts === 1 && row.retried_later && /No queue/.test(`${row.last_error}`),
      );
      expect(recorded).toHaveLength(120);
      const recordingFailures = queries.mock.calls.filter(([text]) =>
        /^\s*UPDATE outbox_events[^]*last_error = (?!NULL)/.test(String(text)),
      );
      expect(recordingFailures).toHaveLength(1);
    } finally {
      queries.mockRestore();
    }
  });
});
