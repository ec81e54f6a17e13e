import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import type { DataSource } from 'typeorm';
import {
  EVENTS_EXCHANGE,
  Subjects,
  type EventEnvelope,
  type ProcessPaymentReply,
  type ProcessRefundReply,
  type Reply,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  eventually,
  freePort,
  sleep,
  testInfra,
  TestStack,
  type AppProcess,
  type SandboxControl,
  type TestRequester,
} from '@ppm/testing';
import { addMerchantConfigurations } from '../support/merchant-configurations';

interface JobRunRow {
  id: string;
  job_name: string;
  instance_id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
}

interface Delivery {
  url: string;
  acknowledged: boolean;
  lastBody: string | null;
}

const JOBS = ['stuck-payment-sync', 'webhook-retry', 'cleanup'];

describe('scheduled jobs of two workers, on the running processes', () => {
  const tenantId = randomUUID();
  const merchants = {
    ZALOPAY: { appId: String(20_000 + Math.floor(Math.random() * 40_000)), key1: randomUUID(), key2: randomUUID() },
    VNPAY: { tmnCode: `T${randomUUID().slice(0, 7).toUpperCase()}`, hashSecret: randomUUID() },
  } as const;
  let configurationIds: Record<string, string> = {};
  const events: EventEnvelope<unknown>[] = [];
  let stack: TestStack;
  let db: DataSource;
  let control: SandboxControl;
  let command: AppProcess;
  const workers: AppProcess[] = [];
  let firstWorkerId: string;
  let nats: TestRequester;
  let rabbit: ChannelModel;

  // Every wait here polls every 50 ms for up to 15 s.
  const patience = { timeoutMs: 15_000, intervalMs: 50 };
  const eventsOf = (type: string, transactionId: string) =>
    events.filter((e) => e.type === type && e.aggregateId === transactionId);
  const dataOf = <T>(reply: Reply<T>): T => {
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const pay = async (gatewayType: keyof typeof merchants): Promise<ProcessPaymentReply> => {
    const payment = dataOf(
      await nats.request<ProcessPaymentReply>(
        Subjects.command.paymentProcess,
        {
          sourceBoundedContext: 'orders',
          sourceTransactionId: randomUUID(),
          amount: 150_000,
          currency: 'VND',
          paymentMethodType: 'E_WALLET',
          description: 'Order',
          returnUrl: 'https://shop.example/return',
          gatewayConfigurationId: configurationIds[gatewayType],
        },
        { tenantId },
      ),
    );
    // VNPay's order exists at the gateway once the customer's browser opens the payment URL.
    if (gatewayType === 'VNPAY') await fetch(payment.paymentUrl ?? '');
    return payment;
  };
  const statusOf = async (transactionId: string): Promise<string | undefined> =>
    (await db.query<{ status: string }[]>(`SELECT status FROM payment_transactions WHERE id = $1`, [transactionId]))[0]
      ?.status;
  const jobRuns = () => db.query<JobRunRow[]>(`SELECT * FROM job_runs ORDER BY job_name, started_at`);
  const jobEnv = {
    JOB_STUCK_PAYMENT_INTERVAL_MS: '200',
    JOB_STUCK_PAYMENT_AGE_MS: '0',
    JOB_WEBHOOK_RETRY_INTERVAL_MS: '200',
    JOB_CLEANUP_INTERVAL_MS: '300',
    JOB_LEASE_TTL_MS: '1500',
    WEBHOOK_RETRY_DELAY_MS: '200',
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'jobs-e2e',
      migrate: migrateDatabase,
      // VNPay's IPN reaches the first worker; the sandbox delivers it once and leaves retrying to PPM's own loop.
      sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '3600000', SANDBOX_ZALOPAY_REFUND_DELAY_MS: '200' },
      apps: {
        worker: jobEnv,
        command: {
          GATEWAY_TIMEOUT_MS: '3000',
          // ZaloPay's callbacks go where nothing listens: only polling can settle its payments.
          WORKER_PUBLIC_URL: `http://127.0.0.1:${await freePort()}`,
          OUTBOX_POLL_INTERVAL_MS: '100',
        },
      },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
    });
    db = stack.sql;
    control = stack.sandbox;
    workers.push(stack.app('worker'));
    command = stack.app('command');
    nats = stack.requester;
    rabbit = await connect(testInfra.amqpUrl);
    const channel = await rabbit.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'ppm.payment.#');
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'ppm.refund.#');
    await channel.consume(queue, (m) => m && events.push(JSON.parse(m.content.toString()) as EventEnvelope<unknown>), {
      noAck: true,
    });
    configurationIds = await addMerchantConfigurations(stack, tenantId, merchants);
    // The second worker joins once the first has run its jobs, so each run until then is known to be the first's.
    const firstRuns = await eventually(jobRuns, (runs) => JOBS.every((job) => runs.some((r) => r.job_name === job)), {
      what: 'a run of every job by the first worker',
      ...patience,
    });
    firstWorkerId = firstRuns[0]?.instance_id ?? '';
    expect(new Set(firstRuns.map((r) => r.instance_id))).toEqual(new Set([firstWorkerId]));
    workers.push(await stack.startAnother('worker'));
  }, 120_000);

  afterAll(async () => {
    await rabbit?.close();
    await stack?.stop();
  });

  it('a ZaloPay payment the customer failed (ZaloPay never calls back on failure) becomes FAILED by polling', async () => {
    const payment = await pay('ZALOPAY');
    await control.complete('ZALOPAY', payment.gatewayReference ?? '', 'failed');
    await eventually(
      () => eventsOf('ppm.payment.failed.v1', payment.transactionId),
      (found) => found.length > 0,
      { what: 'the payment failed event', ...patience },
    );
    expect(eventsOf('ppm.payment.failed.v1', payment.transactionId)).toHaveLength(1);
    expect(await statusOf(payment.transactionId)).toBe('FAILED');
  });

  it('a ZaloPay payment paid while its callback reaches nobody becomes SUCCEEDED by polling', async () => {
    const payment = await pay('ZALOPAY');
    const completed = (await control.complete('ZALOPAY', payment.gatewayReference ?? '', 'succeeded')) as {
      delivery: Delivery;
    };
    expect(completed.delivery.acknowledged).toBe(false);
    await eventually(
      () => eventsOf('ppm.payment.succeeded.v1', payment.transactionId),
      (found) => found.length > 0,
      { what: 'the payment succeeded event', ...patience },
    );
    await sleep(500); // later passes find it final and change nothing
    expect(eventsOf('ppm.payment.succeeded.v1', payment.transactionId)).toHaveLength(1);
    expect(await statusOf(payment.transactionId)).toBe('SUCCEEDED');
    const [webhooks] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM webhook_events WHERE gateway_type = 'ZALOPAY'`,
    );
    expect(webhooks?.n).toBe(0);
  });

  it('a ZaloPay payment left unpaid past its expiry is expired', async () => {
    const payment = await pay('ZALOPAY');
    // The shortest expiry a caller may ask for is a minute: the order is made older instead of the test slower.
    await db.query(`UPDATE payment_transactions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      payment.transactionId,
    ]);
    await eventually(
      () => eventsOf('ppm.payment.expired.v1', payment.transactionId),
      (found) => found.length > 0,
      { what: 'the payment expired event', ...patience },
    );
    expect(await statusOf(payment.transactionId)).toBe('EXPIRED');
  });

  it('an asynchronous ZaloPay refund left PROCESSING is settled by polling', async () => {
    const payment = await pay('ZALOPAY');
    await control.complete('ZALOPAY', payment.gatewayReference ?? '', 'succeeded');
    await eventually(
      () => statusOf(payment.transactionId),
      (status) => status === 'SUCCEEDED',
      { what: 'the payment succeeded', ...patience },
    );
    const refund = dataOf(
      await nats.request<ProcessRefundReply>(
        Subjects.command.refundProcess,
        { transactionId: payment.transactionId, amount: 50_000, reason: 'returned' },
        { tenantId },
      ),
    );
    expect(refund.status).toBe('PROCESSING');
    await eventually(
      () => eventsOf('ppm.refund.processed.v1', payment.transactionId),
      (found) => found.length > 0,
      { what: 'the refund processed event', ...patience },
    );
    expect(eventsOf('ppm.refund.processed.v1', payment.transactionId)).toHaveLength(1);
    expect(await statusOf(payment.transactionId)).toBe('PARTIALLY_REFUNDED');
  });

  it('a VNPay IPN that arrived while the command service was down is applied by the retry loop once it is back', async () => {
    const payment = await pay('VNPAY');
    await command.stop('SIGTERM');
    const completed = (await control.complete('VNPAY', payment.gatewayReference ?? '', 'succeeded')) as {
      delivery: Delivery;
    };
    expect(JSON.parse(completed.delivery.lastBody ?? '{}')).toMatchObject({ RspCode: '99' });
    const [pending] = await db.query<{ id: string; processing_status: string }[]>(
      `SELECT id, processing_status FROM webhook_events WHERE gateway_type = 'VNPAY' AND raw_query LIKE $1`,
      [`%vnp_TxnRef=${payment.gatewayReference ?? ''}%`],
    );
    expect(pending?.processing_status).toBe('PENDING');

    await sleep(1_000); // retries meanwhile find no command service and back off
    command = await stack.restart('command');
    await eventually(
      () => eventsOf('ppm.payment.succeeded.v1', payment.transactionId),
      (found) => found.length > 0,
      { what: 'the payment succeeded event once the command service is back', ...patience },
    );
    const row = await eventually(
      async () =>
        (
          await db.query<{ processing_status: string; attempts: number }[]>(
            `SELECT processing_status, attempts FROM webhook_events WHERE id = $1`,
            [pending?.id],
          )
        )[0],
      (current) => current?.processing_status !== 'PENDING',
      { what: 'the webhook leaving PENDING', ...patience },
    );
    // Applied by the loop, or found already applied by a status sync that got there first: changed once either way.
    expect(['APPLIED', 'DUPLICATE']).toContain(row?.processing_status);
    expect(row?.attempts).toBeGreaterThanOrEqual(2);
    await sleep(500);
    expect(eventsOf('ppm.payment.succeeded.v1', payment.transactionId)).toHaveLength(1);
  });

  it('two workers never run the same job at the same time, and one takes over when the other dies', async () => {
    const [latest] = await db.query<{ instance_id: string }[]>(
      `SELECT instance_id FROM job_runs WHERE job_name = 'stuck-payment-sync' ORDER BY started_at DESC LIMIT 1`,
    );
    const victimIndex = latest?.instance_id === firstWorkerId ? 0 : 1;
    const victimId = latest?.instance_id ?? '';
    const [{ killedAt }] = await db.query<{ killedAt: Date }[]>(`SELECT now() AS "killedAt"`);
    await workers[victimIndex]?.stop('SIGKILL');

    // Its leases lapse unrenewed, and the survivor carries every job on.
    const runs = await eventually(
      jobRuns,
      (all) =>
        JOBS.every((job) =>
          all.some(
            (r) =>
              r.job_name === job &&
              r.instance_id !== victimId &&
              r.status === 'SUCCEEDED' &&
              r.started_at.getTime() > killedAt.getTime(),
          ),
        ),
      { what: 'a later run by the surviving worker', ...patience },
    );
    for (const job of JOBS) {
      expect(
        runs.some(
          (r) => r.job_name === job && r.instance_id !== victimId && r.started_at.getTime() > killedAt.getTime(),
        ),
      ).toBe(true);
    }
    expect(new Set(runs.map((r) => r.instance_id)).size).toBe(2);

    for (const job of JOBS) {
      const periods = runs.filter((r) => r.job_name === job);
      expect(periods.length).toBeGreaterThan(3);
      for (let i = 1; i < periods.length; i++) {
        const [previous, next] = [periods[i - 1], periods[i]];
        expect(previous.finished_at).not.toBeNull();
        expect(next.started_at.getTime()).toBeGreaterThanOrEqual(previous.finished_at!.getTime());
      }
    }
  });
});
