import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect, type ChannelModel } from 'amqplib';
import type { DataSource } from 'typeorm';
import { Subjects, type ProcessPaymentReply, type ProcessRefundReply, type Reply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  eventually,
  sampleValue,
  sleep,
  testInfra,
  TestStack,
  type AppProcess,
  type SandboxControl,
  type TestRequester,
} from '@ppm/testing';
import { publishTenantDeletion, TENANT_DELETION_KEY } from '../support/billing-events';

const ROOT = join(__dirname, '..', '..', '..');
const CONSUMER = 'worker-tenant-data-deletion';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('TenantDataDeletionRequested consumed by the worker, on the running processes', () => {
  const run = randomUUID().slice(0, 8);
  const exchange = `bum.events.e2e-${run}`;
  const queue = `ppm.worker.tenant-data-deletion.e2e-${run}`;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const bystander = randomUUID();
  let stack: TestStack;
  let db: DataSource;
  let sandbox: SandboxControl;
  let worker: AppProcess;
  let command: AppProcess;
  let nats: TestRequester;
  let rabbit: ChannelModel;

  // Every wait here polls every 50 ms for up to 20 s.
  const patience = { timeoutMs: 20_000, intervalMs: 50 };
  const dataOf = <T>(reply: Reply<T>): T => {
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const momo = () => ({
    partnerCode: `MOMO${randomUUID().slice(0, 8)}`,
    accessKey: randomUUID(),
    secretKey: randomUUID(),
  });
  const addConfiguration = async (tenantId: string, credentials = momo()): Promise<string> => {
    await sandbox.registerMerchant('MOMO', credentials);
    return dataOf(
      await nats.request<{ id: string }>(
        Subjects.command.gatewayConfigAdd,
        {
          gatewayType: 'MOMO',
          name: `MoMo ${randomUUID().slice(0, 6)}`,
          credentials,
          supportedPaymentMethods: ['E_WALLET'],
        },
        { tenantId },
      ),
    ).id;
  };
  /** Rows per table of every table with a tenant_id column (so a table added later is covered too). */
  const rowsOf = async (tenantId: string): Promise<Record<string, number>> => {
    const tables = await db.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [row] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table_name}" WHERE tenant_id = $1`,
        [tenantId],
      );
      counts[table_name] = row?.n ?? 0;
    }
    return counts;
  };
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  // As the billing context's own user: the only one the broker lets publish deletion requests.
  const publishDeletion = (tenantId: string, eventId?: string): Promise<string> =>
    publishTenantDeletion(testInfra.amqpUrlAs('billing'), exchange, tenantId, eventId);
  const depth = async (name: string): Promise<number> => {
    const channel = await rabbit.createChannel();
    try {
      return (await channel.checkQueue(name)).messageCount;
    } finally {
      await channel.close();
    }
  };
  const consumed = async (): Promise<number> =>
    sampleValue(await (await fetch(`${worker.url}/metrics`)).text(), 'ppm_consumer_messages_consumed_total', {
      consumer: CONSUMER,
    });
  const cli = (...args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js'), ...args],
        {
          cwd: ROOT,
          env: {
            PATH: process.env['PATH'],
            AMQP_URL: testInfra.amqpUrlAs('operator'),
            DATABASE_URL: stack.databaseUrl,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'deletion-e2e',
      migrate: migrateDatabase,
      sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '100' },
      apps: {
        worker: {
          JOBS_ENABLED: 'false',
          TENANT_DELETION_EXCHANGE: exchange,
          TENANT_DELETION_ROUTING_KEY: TENANT_DELETION_KEY,
          TENANT_DELETION_QUEUE: queue,
          CONSUMER_RETRY_DELAYS_MS: '200,400',
          CONSUMER_MAX_ATTEMPTS: '3',
        },
        command: { OUTBOX_POLL_INTERVAL_MS: '100' },
      },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
      sharedTopology: {
        queues: [queue, `${queue}.dlq`, `${queue}.retry.200ms`, `${queue}.retry.400ms`],
        exchanges: [`${queue}.retry`, exchange],
      },
    });
    db = stack.sql;
    worker = stack.app('worker');
    command = stack.app('command');
    sandbox = stack.sandbox;
    nats = stack.requester;
    rabbit = await connect(testInfra.amqpUrl);
    rabbit.on('error', () => undefined);
  }, 120_000);

  afterAll(async () => {
    await rabbit?.close();
    await stack?.stop();
  });

  it("leaves zero rows of that tenant in any PPM table, and other tenants' rows untouched", async () => {
    // Tenant A gets rows in every table: a configuration (with its audit entry and event), a payment with its
    // attempt and idempotency key, its IPN, a refund, a reconciliation run with an item, a risk rule set and a
    // merchant webhook endpoint with a delivery.
    const configurationId = await addConfiguration(tenantA);
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
          gatewayConfigurationId: configurationId,
        },
        { tenantId: tenantA, idempotencyKey: randomUUID() },
      ),
    );
    await sandbox.complete('MOMO', payment.gatewayReference ?? '', 'succeeded');
    await eventually(
      async () =>
        (
          await db.query<{ status: string }[]>(`SELECT status FROM payment_transactions WHERE id = $1`, [
            payment.transactionId,
          ])
        )[0]?.status,
      (status) => status === 'SUCCEEDED',
      { what: 'the payment succeeded', ...patience },
    );
    dataOf(
      await nats.request<ProcessRefundReply>(
        Subjects.command.refundProcess,
        { transactionId: payment.transactionId, amount: 50_000, reason: 'returned' },
        { tenantId: tenantA },
      ),
    );
    const [reconciliation] = await db.query<{ id: string }[]>(
      `INSERT INTO reconciliation_runs (tenant_id, payment_gateway_id, gateway_type, business_date, source)
       VALUES ($1, $2, 'MOMO', current_date, 'e2e') RETURNING id`,
      [tenantA, configurationId],
    );
    await db.query(`INSERT INTO reconciliation_items (run_id, tenant_id, outcome) VALUES ($1, $2, 'MATCHED')`, [
      reconciliation?.id,
      tenantA,
    ]);
    await db.query(`INSERT INTO risk_rule_sets (tenant_id, version, rules) VALUES ($1, 1, '[]'::jsonb)`, [tenantA]);
    await db.query(
      `INSERT INTO risk_decisions (id, tenant_id, source_bounded_context, source_transaction_id, action, rules_hit,
                                   rule_set_version, amount, currency, decided_at)
       VALUES (gen_random_uuid(), $1, 'orders', 'o-1', 'BLOCK', '[]'::jsonb, 1, 1000, 'VND', now())`,
      [tenantA],
    );
    const [endpoint] = await db.query<{ id: string }[]>(
      `INSERT INTO webhook_endpoints (tenant_id, url, secret) VALUES ($1, 'https://hooks.merchant.example/ppm', '{}'::jsonb)
       RETURNING id`,
      [tenantA],
    );
    await db.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
       VALUES ($1, $2, gen_random_uuid(), 'payment.succeeded', '{}'::jsonb)`,
      [tenantA, endpoint?.id],
    );
    await addConfiguration(bystander);
    const before = await rowsOf(tenantA);
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    const bystanderBefore = await rowsOf(bystander);

    const eventId = await publishDeletion(tenantA);

    const after = await eventually(
      () => rowsOf(tenantA),
      (counts) => total(counts) === 0,
      { what: 'tenant A purged', ...patience },
    );
    expect(after).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));
    expect(await rowsOf(bystander)).toEqual(bystanderBefore);
    const inbox = await eventually(
      () =>
        db.query<unknown[]>(`SELECT 1 FROM inbox_messages WHERE consumer = $1 AND message_id = $2`, [
          CONSUMER,
          eventId,
        ]),
      (rows) => rows.length === 1,
      { what: 'the deletion in the inbox', ...patience },
    );
    expect(inbox).toHaveLength(1);

    // The same event delivered again (by id) purges nothing more, even once the tenant has data again.
    const consumedBefore = await consumed();
    await addConfiguration(tenantA);
    await publishDeletion(tenantA, eventId);
    await eventually(consumed, (n) => n > consumedBefore, { what: 'the duplicate consumed', ...patience });
    await sleep(300);
    expect((await rowsOf(tenantA))['payment_gateway_configurations']).toBe(1);
    expect(await depth(queue)).toBe(0);
  });

  it('ends in the DLQ after its attempts while the command service is down; `ppm dlq:replay` brings it back', async () => {
    await addConfiguration(tenantB);
    expect(total(await rowsOf(tenantB))).toBeGreaterThan(0);
    await command.stop('SIGTERM');

    const eventId = await publishDeletion(tenantB);
    await eventually(
      () => depth(`${queue}.dlq`),
      (n) => n === 1,
      { what: 'the deletion dead-lettered', ...patience },
    );
    expect(total(await rowsOf(tenantB))).toBeGreaterThan(0);

    const listed = await cli('dlq:list', queue);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain(`${queue}.dlq: 1 message`);
    expect(listed.stdout).toContain(eventId);
    expect(listed.stdout).toContain('attempts_exhausted');
    expect(await depth(`${queue}.dlq`)).toBe(1);

    command = await stack.restart('command');
    const replayed = await cli('dlq:replay', queue);
    expect(replayed).toMatchObject({ code: 0 });
    expect(replayed.stdout).toContain(`replayed 1 message from ${queue}.dlq to ${queue}; 0 left`);

    const after = await eventually(
      () => rowsOf(tenantB),
      (counts) => total(counts) === 0,
      { what: 'tenant B purged after the replay', ...patience },
    );
    expect(total(after)).toBe(0);
    expect(await depth(`${queue}.dlq`)).toBe(0);
  });

  it('the CLI fails with a clear message and a non-zero exit for a queue that does not exist', async () => {
    const result = await cli('dlq:replay', `nothing.${run}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no such queue: nothing.${run}`);
  });
});
