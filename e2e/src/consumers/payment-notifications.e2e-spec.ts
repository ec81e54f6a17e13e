import { randomUUID } from 'node:crypto';
import { connect as connectAmqp, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { connect as connectNats, JSONCodec, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE, EventTypes, type EventEnvelope } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import { eventually, sampleValue, sleep, testInfra, TestStack, type AppProcess } from '@ppm/testing';

const CONSUMER = 'worker-payment-notifications';
const codec = JSONCodec();

interface RecordedRequest {
  meta: { tenantId: string; traceId: string };
  data: Record<string, unknown> & { eventId: string };
  answered: 'ok' | 'failed';
}

describe('payment outcome events notified by the worker, on the running process', () => {
  const run = randomUUID().slice(0, 8);
  const queue = `ppm.worker.payment-notifications.e2e-${run}`;
  const deletionQueue = `ppm.worker.tenant-data-deletion.e2e-notify-${run}`;
  const deletionExchange = `bum.events.e2e-notify-${run}`;
  const subject = `notification.command.send.e2e-${run}`;
  const tenantId = randomUUID();
  const failOnce = new Set<string>();
  const alwaysFail = new Set<string>();
  const requests: RecordedRequest[] = [];
  let stack: TestStack;
  let db: DataSource;
  let worker: AppProcess;
  let notifier: NatsConnection;
  let rabbit: ChannelModel;
  let publisher: ConfirmChannel;

  // Every wait here polls every 50 ms for up to 20 s.
  const patience = { timeoutMs: 20_000, intervalMs: 50 };
  const requestsFor = (eventId: string) => requests.filter((r) => r.data.eventId === eventId);
  const accepted = (eventId: string) => requestsFor(eventId).filter((r) => r.answered === 'ok');

  /** An envelope as the command service's outbox writes it, with the data its domain event carries. */
  const envelopeOf = (type: string, refund: boolean): EventEnvelope<Record<string, unknown>> => {
    const transactionId = randomUUID();
    const common = {
      transactionId,
      sourceBoundedContext: 'orders',
      sourceTransactionId: `order-${randomUUID().slice(0, 8)}`,
      gatewayType: 'MOMO',
      currency: 'VND',
    };
    const data: Record<string, unknown> = refund
      ? {
          ...common,
          refundId: randomUUID(),
          sourceRefundId: null,
          amount: '50000',
          paymentAmount: '150000',
          gatewayRefundId: 'momo-refund-1',
          failureReason: 'gateway refused',
          remainingRefundable: '150000',
        }
      : {
          ...common,
          gatewayConfigurationId: randomUUID(),
          amount: '150000',
          gatewayTransactionId: 'momo-tx-1',
          gatewayCodes: { resultCode: '0', signatureSecret: 'never-forward-this' },
          failureCode: 'GATEWAY_DECLINED',
        };
    return {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      aggregateType: 'PaymentTransaction',
      aggregateId: transactionId,
      aggregateVersion: 2,
      traceId: randomUUID().replace(/-/g, ''),
      correlationId: randomUUID(),
      causationId: null,
      data,
    };
  };
  /** Publishes as the outbox relay does: JSON body, message id = envelope id, persistent, trace id in a header. */
  const publish = (envelope: EventEnvelope<unknown>): Promise<void> =>
    new Promise<void>((resolve, reject) =>
      publisher.publish(
        EVENTS_EXCHANGE,
        envelope.type,
        Buffer.from(JSON.stringify(envelope)),
        {
          persistent: true,
          mandatory: true,
          messageId: envelope.id,
          contentType: 'application/json',
          timestamp: Math.floor(Date.now() / 1000),
          headers: { 'x-trace-id': envelope.traceId },
        },
        (error: unknown) => (error ? reject(new Error('not confirmed')) : resolve()),
      ),
    );
  const expectedData = (envelope: EventEnvelope<Record<string, unknown>>) => {
    const { data } = envelope;
    return {
      kind: envelope.type,
      eventId: envelope.id,
      transactionId: data['transactionId'],
      ...(envelope.type.startsWith('ppm.refund.') ? { refundId: data['refundId'] } : {}),
      amount: data['amount'],
      currency: 'VND',
      sourceBoundedContext: 'orders',
      sourceTransactionId: data['sourceTransactionId'],
      occurredAt: envelope.occurredAt,
    };
  };
  const metric = async (name: string, labels: Record<string, string>): Promise<number> =>
    sampleValue(await (await fetch(`${worker.url}/metrics`)).text(), name, labels);
  const depth = async (name: string): Promise<number> => {
    const channel = await rabbit.createChannel();
    try {
      return (await channel.checkQueue(name)).messageCount;
    } finally {
      await channel.close();
    }
  };

  beforeAll(async () => {
    // The notification context's stand-in: records every request, refuses some as told, accepts the rest.
    const { user, password: pass } = testInfra.natsAs('notifier');
    notifier = await connectNats({ servers: testInfra.natsUrl, name: 'notification-e2e', user, pass });
    const subscription = notifier.subscribe(subject);
    void (async () => {
      for await (const message of subscription) {
        const request = codec.decode(message.data) as Omit<RecordedRequest, 'answered'>;
        const { eventId } = request.data;
        const refuse = alwaysFail.has(eventId) || failOnce.delete(eventId);
        requests.push({ ...request, answered: refuse ? 'failed' : 'ok' });
        message.respond(
          codec.encode(
            refuse
              ? { success: false, error: { code: 'INTERNAL_ERROR', message: 'mail server unavailable' } }
              : { success: true, data: {} },
          ),
        );
      }
    })();
    await notifier.flush();
    stack = await TestStack.start({
      name: 'notification-e2e',
      migrate: migrateDatabase,
      apps: {
        worker: {
          JOBS_ENABLED: 'false',
          TENANT_DELETION_EXCHANGE: deletionExchange,
          TENANT_DELETION_QUEUE: deletionQueue,
          NOTIFICATION_QUEUE: queue,
          NOTIFICATION_SUBJECT: subject,
          NOTIFICATION_TIMEOUT_MS: '2000',
          CONSUMER_RETRY_DELAYS_MS: '200,400',
          CONSUMER_MAX_ATTEMPTS: '3',
        },
      },
      sharedTopology: {
        queues: [queue, deletionQueue].flatMap((name) =>
          ['', '.dlq', '.retry.200ms', '.retry.400ms'].map((suffix) => `${name}${suffix}`),
        ),
        exchanges: [`${queue}.retry`, `${deletionQueue}.retry`, deletionExchange],
      },
    });
    db = stack.sql;
    worker = stack.app('worker');
    rabbit = await connectAmqp(testInfra.amqpUrl);
    rabbit.on('error', () => undefined);
    publisher = await rabbit.createConfirmChannel();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await notifier?.drain();
    await rabbit?.close();
  });

  it('notifies each outcome event once with what a notifier needs, retrying a refused one, never twice', async () => {
    const envelopes = [
      envelopeOf(EventTypes.paymentSucceeded, false),
      envelopeOf(EventTypes.paymentFailed, false),
      envelopeOf(EventTypes.paymentCancelled, false),
      envelopeOf(EventTypes.paymentExpired, false),
      envelopeOf(EventTypes.refundProcessed, true),
      envelopeOf(EventTypes.refundFailed, true),
    ];
    const refusedOnce = envelopes[1];
    failOnce.add(refusedOnce.id);
    // Not an outcome the customer hears about: its queue is not bound to it.
    const created = envelopeOf(EventTypes.paymentCreated, false);

    await Promise.all([...envelopes, created].map(publish));

    const all = await eventually(
      () => envelopes.map((e) => accepted(e.id).length),
      (counts) => counts.every((n) => n === 1),
      { what: 'each notification accepted once', ...patience },
    );
    expect(all).toEqual(envelopes.map(() => 1));
    for (const envelope of envelopes) {
      const [request] = accepted(envelope.id);
      expect(request?.meta).toEqual({ tenantId, traceId: envelope.traceId });
      expect(request?.data).toEqual(expectedData(envelope));
    }
    expect(JSON.stringify(requests)).not.toContain('never-forward-this');
    // The refused one was asked twice: refused, then (after the retry delay) accepted.
    expect(requestsFor(refusedOnce.id).map((r) => r.answered)).toEqual(['failed', 'ok']);
    expect(requestsFor(created.id)).toEqual([]);
    expect(await metric('ppm_notifications_sent_total', { kind: EventTypes.refundProcessed })).toBe(1);
    expect(await metric('ppm_notifications_failed_total', { kind: refusedOnce.type, reason: 'rejected' })).toBe(1);
    const inbox = await eventually(
      () =>
        db.query<unknown[]>(`SELECT 1 FROM inbox_messages WHERE consumer = $1 AND message_id = ANY($2)`, [
          CONSUMER,
          envelopes.map((e) => e.id),
        ]),
      (rows) => rows.length === envelopes.length,
      { what: 'every event in the inbox', ...patience },
    );
    expect(inbox).toHaveLength(envelopes.length);

    // The same event delivered again (same id) is consumed and acknowledged, and not notified again.
    const again = envelopes[0];
    const consumedBefore = await metric('ppm_consumer_messages_consumed_total', { consumer: CONSUMER });
    await publish(again);
    await eventually(
      () => metric('ppm_consumer_messages_consumed_total', { consumer: CONSUMER }),
      (n) => n > consumedBefore,
      { what: 'the duplicate consumed', ...patience },
    );
    await sleep(300);
    expect(requestsFor(again.id)).toHaveLength(1);
    expect(await depth(queue)).toBe(0);
    expect(await depth(`${queue}.dlq`)).toBe(0);
  });

  it('dead-letters an event the notifier keeps refusing after its attempts, without notifying it', async () => {
    const envelope = envelopeOf(EventTypes.paymentSucceeded, false);
    alwaysFail.add(envelope.id);

    await publish(envelope);

    expect(
      await eventually(
        () => depth(`${queue}.dlq`),
        (n) => n === 1,
        { what: 'the message dead-lettered', ...patience },
      ),
    ).toBe(1);
    expect(requestsFor(envelope.id).map((r) => r.answered)).toEqual(['failed', 'failed', 'failed']);
    expect(
      await db.query(`SELECT 1 FROM inbox_messages WHERE consumer = $1 AND message_id = $2`, [CONSUMER, envelope.id]),
    ).toEqual([]);
  });
});
