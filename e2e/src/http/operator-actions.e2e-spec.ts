import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import type { DataSource } from 'typeorm';
import { Subjects, type ProcessPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { canonicalCsvHeader, canonicalCsvLine } from '@ppm/reconciliation';
import { eventually, testInfra, TestStack } from '@ppm/testing';
import { TENANT_DELETION_KEY } from '../support/billing-events';
import { addMerchantConfigurations } from '../support/merchant-configurations';
import { E2E_IDENTITY_PROVIDER, TenantEdgeApi } from '../support/tenant-edge-api';

type Data = (Record<string, unknown> & { items?: Record<string, unknown>[] }) | undefined;

const patience = { timeoutMs: 20_000, intervalMs: 100 };

describe('the admin API’s operator actions (IPNs, sync, reconciliation, jobs, dead letters) on the running stack', () => {
  const tenantId = randomUUID();
  const run = randomUUID().slice(0, 8);
  const exchange = `bum.events.e2e-ops-${run}`;
  const queue = `ppm.worker.tenant-data-deletion.e2e-ops-${run}`;
  const zalopay = {
    appId: String(20_000 + Math.floor(Math.random() * 40_000)),
    key1: randomUUID(),
    key2: randomUUID(),
  };
  const momo = {
    partnerCode: `MOMO${randomBytes(4).toString('hex')}`,
    accessKey: randomUUID(),
    secretKey: randomUUID(),
  };
  let stack: TestStack;
  let db: DataSource;
  let gatewayUrl: string;

  const edge = new TenantEdgeApi({
    tenantId,
    identityProvider: E2E_IDENTITY_PROVIDER,
    base: () => `${gatewayUrl}/api/v1/ppm`,
  });
  const viewer = edge.token(['ppm.viewer']);
  const operator = edge.token(['ppm.operator']);
  // Dead letters and jobs span every tenant: only the platform's staff hold this role.
  const platform = edge.token(['ppm.platform-operator']);
  const call = (method: string, path: string, auth: string, body?: unknown) =>
    edge.call<Data>(method, path, auth, body);
  const audited = (action: string) =>
    db.query<{ actor_id: string; resource_type: string; resource_id: string; details: Record<string, unknown> }[]>(
      `SELECT actor_id, resource_type, resource_id, details FROM audit_log WHERE tenant_id = $1 AND action = $2`,
      [tenantId, action],
    );

  /** A payment of 150,000 VND for `order` on a configuration of the tenant, its order opened at the sandbox. */
  const pay = async (configurationId: string | undefined, order: string): Promise<ProcessPaymentReply> => {
    const paid = await stack.requester.request<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: order,
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'operator actions e2e',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: configurationId,
      },
      { tenantId },
    );
    if (!paid.success) throw new Error(JSON.stringify(paid.error));
    return paid.data;
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'operator-actions-e2e',
      migrate: migrateDatabase,
      sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '3600000' },
      apps: {
        worker: {
          // Jobs run only when asked for here, so each run the test sees is its own.
          JOBS_ENABLED: 'false',
          TENANT_DELETION_EXCHANGE: exchange,
          TENANT_DELETION_ROUTING_KEY: TENANT_DELETION_KEY,
          TENANT_DELETION_QUEUE: queue,
          CONSUMER_RETRY_DELAYS_MS: '200',
          CONSUMER_MAX_ATTEMPTS: '2',
          NOTIFICATIONS_ENABLED: 'false',
          DEAD_LETTER_AMQP_URL: testInfra.amqpUrlAs('operator'),
          DEAD_LETTER_OTHER_QUEUES: `ppm.query.nothing-e2e-${run}`,
        },
        command: { OUTBOX_POLL_INTERVAL_MS: '100' },
        query: {},
        gateway: {
          ...edge.gatewayEnv(),
          RATE_LIMIT_TIERS: JSON.stringify({ standard: { limit: 10_000, windowSeconds: 60 } }),
          NATS_REQUEST_TIMEOUT_MS: '10000',
        },
      },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 10_000 },
      sharedTopology: {
        queues: [queue, `${queue}.dlq`, `${queue}.retry.200ms`],
        exchanges: [`${queue}.retry`, exchange],
      },
    });
    db = stack.sql;
    gatewayUrl = stack.app('gateway').url;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists a tenant’s IPNs to a viewer, shows one to an operator and replays it through the normal intake', async () => {
    const { MOMO: configurationId } = await addMerchantConfigurations(stack, tenantId, { MOMO: momo });
    const paid = await pay(configurationId, `ORD-${run}`);
    await stack.sandbox.complete('MOMO', paid.gatewayReference ?? '', 'succeeded');
    const [ipn] = await eventually(
      async () => (await call('GET', '/gateway-ipns?gatewayType=MOMO&status=APPLIED', viewer)).body.data?.items ?? [],
      (items) => items.length === 1,
      { what: 'the applied MoMo IPN in the list', ...patience },
    );
    expect(ipn).toMatchObject({
      gatewayType: 'MOMO',
      status: 'APPLIED',
      paymentId: paid.transactionId,
      attempts: expect.any(Number) as unknown,
    });
    const id = String(ipn?.['id']);

    expect((await call('GET', `/gateway-ipns/${id}`, viewer)).status).toBe(403);
    const detail = await call('GET', `/gateway-ipns/${id}`, operator);
    expect(detail.status).toBe(200);
    expect(String(detail.body.data?.['rawBody'])).toContain(paid.gatewayReference ?? 'no reference');
    expect(detail.body.data?.['headers']).toMatchObject({ 'content-type': expect.any(String) as unknown });

    // Applied already: a replay would change nothing, so it is refused.
    expect((await call('POST', `/gateway-ipns/${id}/replay`, operator)).body.error?.code).toBe(
      'INVALID_STATE_TRANSITION',
    );
    // As if the command service had been down when it arrived and the retries had run out.
    await db.query(`UPDATE webhook_events SET processing_status = 'FAILED', last_error = 'down' WHERE id = $1`, [id]);
    expect((await call('POST', `/gateway-ipns/${id}/replay`, viewer)).status).toBe(403);
    const replayed = await call('POST', `/gateway-ipns/${id}/replay`, operator);
    // Verified afresh and applied again: the payment had succeeded already, so the command finds it a duplicate.
    expect(replayed).toEqual({ status: 200, body: { success: true, data: { id, status: 'DUPLICATE' } } });
    expect(await audited('ppm.webhook.replayed')).toEqual([
      expect.objectContaining({ actor_id: 'user-ppm.operator', resource_type: 'webhook', resource_id: id }),
    ]);
    expect((await call('GET', `/gateway-ipns/${randomUUID()}`, operator)).body.error?.code).toBe(
      'GATEWAY_IPN_NOT_FOUND',
    );
  });

  it('syncs a payment its gateway never called back about, for an operator, on record', async () => {
    const { ZALOPAY: configurationId } = await addMerchantConfigurations(stack, tenantId, { ZALOPAY: zalopay });
    const paid = await pay(configurationId, `ORD-Z-${run}`);
    const id = paid.transactionId;
    // ZaloPay never calls back on a failure: only asking the gateway settles this payment.
    await stack.sandbox.complete('ZALOPAY', paid.gatewayReference ?? '', 'failed');

    expect((await call('POST', `/transactions/${id}/sync`, viewer)).status).toBe(403);
    const synced = await call('POST', `/transactions/${id}/sync`, operator);
    expect(synced).toEqual({
      status: 200,
      body: { success: true, data: { transactionId: id, status: 'FAILED', changed: true, refunds: [] } },
    });
    expect(await audited('ppm.payment.sync-requested')).toEqual([
      expect.objectContaining({
        actor_id: 'user-ppm.operator',
        resource_type: 'payment',
        resource_id: id,
        details: { status: 'FAILED', changed: true },
      }),
    ]);
    expect((await call('POST', `/transactions/${randomUUID()}/sync`, operator)).body.error?.code).toBe(
      'TRANSACTION_NOT_FOUND',
    );
  });

  it('reconciles a day from its gateway’s file, or compares an uploaded one without changing payments', async () => {
    const [momoConfig] = await db.query<{ id: string }[]>(
      `SELECT id FROM payment_gateway_configurations WHERE tenant_id = $1 AND gateway_type = 'MOMO'`,
      [tenantId],
    );
    const gatewayConfigId = String(momoConfig?.id);
    // Today in GMT+7: the day the MoMo payment of the first test was captured.
    const date = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

    expect((await call('POST', '/reconciliations', viewer, { gatewayConfigId, date })).status).toBe(403);
    const fetched = await call('POST', '/reconciliations', operator, { gatewayConfigId, date });
    expect(fetched).toEqual({
      status: 201,
      body: { success: true, data: { runId: expect.any(String) as unknown, status: 'COMPLETED' } },
    });
    const runId = String(fetched.body.data?.['runId']);
    const run = await call('GET', `/reconciliations/${runId}`, viewer);
    // The MoMo payment of the first test, in the sandbox's export of the day.
    expect(run.body.data?.['run']).toMatchObject({ id: runId, status: 'COMPLETED', matched: 1, mismatched: 0 });

    // An operator's file saying a payment still in flight settled: compared, but it must not mark the payment paid.
    const inFlight = await pay(gatewayConfigId, `ORD-UP-${runId}`);
    const settlementFile =
      canonicalCsvHeader() +
      canonicalCsvLine({
        kind: 'PAYMENT',
        reference: inFlight.gatewayReference ?? '',
        gatewayTransactionId: `MOMO-UP-${runId}`,
        amount: 150_000,
        fee: 0,
        netAmount: 150_000,
        currency: 'VND',
        settled: true,
        status: 'SUCCEEDED',
        settledAt: new Date(),
      });
    const uploaded = await call('POST', '/reconciliations', operator, { gatewayConfigId, date, settlementFile });
    expect(uploaded).toEqual({
      status: 201,
      body: { success: true, data: { runId: expect.any(String) as unknown, status: 'COMPLETED' } },
    });
    const uploadedId = String(uploaded.body.data?.['runId']);
    const [recorded] = await db.query<{ source: string; status: string }[]>(
      `SELECT source, status FROM reconciliation_runs WHERE id = $1`,
      [uploadedId],
    );
    expect(recorded).toEqual({ source: 'upload', status: 'COMPLETED' });
    // Recorded as a mismatch, and never sent to the command service (no action on the item).
    const mismatches = await db.query<{ outcome: string; ppm_status: string; action: unknown }[]>(
      `SELECT outcome, ppm_status, details->'action' AS action
         FROM reconciliation_items WHERE run_id = $1 AND gateway_reference = $2`,
      [uploadedId, inFlight.gatewayReference],
    );
    expect(mismatches).toEqual([{ outcome: 'STATUS_MISMATCH', ppm_status: 'PROCESSING', action: null }]);
    const [payment] = await db.query<{ status: string }[]>(`SELECT status FROM payment_transactions WHERE id = $1`, [
      inFlight.transactionId,
    ]);
    expect(payment).toEqual({ status: 'PROCESSING' });
    expect((await audited('ppm.reconciliation.start-requested')).map((r) => r.resource_id).sort()).toEqual(
      [runId, uploadedId].sort(),
    );
    const elsewhere = await call('POST', '/reconciliations', operator, { gatewayConfigId: randomUUID(), date });
    expect(elsewhere.body.error?.code).toBe('GATEWAY_CONFIG_NOT_FOUND');
    const badDay = await call('POST', '/reconciliations', operator, { gatewayConfigId, date: '2026-02-31' });
    expect(badDay.status).toBe(400);
  });

  it('lists the jobs and their runs and runs one now for a platform operator only, under its lease', async () => {
    for (const tenantRole of [viewer, operator]) {
      for (const [method, path] of [
        ['GET', '/jobs'],
        ['GET', '/jobs/runs?job=cleanup'],
        ['POST', '/jobs/cleanup/run'],
      ] as const) {
        const refused = await call(method, path, tenantRole);
        expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    }
    const jobs = await call('GET', '/jobs', platform);
    expect(jobs.status).toBe(200);
    expect(jobs.body.data?.items?.map((job) => job['name'])).toEqual([
      'stuck-payment-sync',
      'review-expiry',
      'webhook-retry',
      'cleanup',
      'reconciliation',
      'merchant-webhook-retention',
    ]);
    const daily = jobs.body.data?.items?.find((job) => job['name'] === 'reconciliation');
    expect(daily?.['schedule']).toMatch(/^daily after 02:00 GMT\+7/);

    const started = await call('POST', '/jobs/cleanup/run', platform);
    expect(started.status).toBe(202);
    const runId = String(started.body.data?.['runId']);
    const [finished] = await eventually(
      async () => (await call('GET', '/jobs/runs?job=cleanup', platform)).body.data?.items ?? [],
      (runs) => runs[0]?.['status'] === 'SUCCEEDED',
      { what: 'the cleanup run finished', ...patience },
    );
    expect(finished).toMatchObject({ id: runId, job: 'cleanup', finishedAt: expect.any(String) as unknown });
    const listed = await call('GET', '/jobs', platform);
    expect(listed.body.data?.items?.find((job) => job['name'] === 'cleanup')).toMatchObject({
      name: 'cleanup',
      lastRun: { id: runId, status: 'SUCCEEDED' },
    });
    expect(await audited('ppm.job.run-requested')).toEqual([
      expect.objectContaining({ resource_type: 'job', resource_id: runId, details: { job: 'cleanup' } }),
    ]);
    expect((await call('POST', '/jobs/no-such-job/run', platform)).body.error?.code).toBe('JOB_NOT_FOUND');
  });

  it('lists the dead-letter queues, peeks at one without moving it and replays it, for a platform operator only', async () => {
    // A deletion request without a tenant: its consumer refuses it, and after its attempts it is dead-lettered.
    const connection = await connect(testInfra.amqpUrlAs('billing'));
    try {
      const channel = await connection.createConfirmChannel();
      const poison = { id: randomUUID(), type: 'TenantDataDeletionRequested', data: {} };
      channel.publish(exchange, TENANT_DELETION_KEY, Buffer.from(JSON.stringify(poison)), {
        persistent: true,
        messageId: poison.id,
        contentType: 'application/json',
      });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    const dlq = `${queue}.dlq`;
    await eventually(
      async () => (await call('GET', '/dead-letter-queues', platform)).body.data?.items ?? [],
      (items) => items.some((item) => item['queue'] === dlq && item['depth'] === 1),
      { what: 'the dead letter counted in its queue', ...patience },
    );
    // A tenant's operator sees no queue of PPM's events, which concern every tenant.
    for (const [method, path] of [
      ['GET', '/dead-letter-queues'],
      ['GET', `/dead-letter-queues/${dlq}/messages?limit=5`],
      ['POST', `/dead-letter-queues/${queue}/replay`],
    ] as const) {
      for (const tenantRole of [viewer, operator]) {
        const refused = await call(method, path, tenantRole, method === 'POST' ? { limit: 5 } : undefined);
        expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    }

    const peeked = await call('GET', `/dead-letter-queues/${dlq}/messages?limit=5`, platform);
    expect(peeked.body.data?.items).toEqual([
      expect.objectContaining({
        routingKey: TENANT_DELETION_KEY,
        body: expect.objectContaining({ data: {} }) as unknown,
      }),
    ]);
    expect(peeked.body.data?.items?.[0]?.['deathReason']).toEqual(expect.any(String));

    // The peek handed it back; the broker counts it again once that is done.
    await eventually(
      async () => (await call('GET', '/dead-letter-queues', platform)).body.data?.items ?? [],
      (items) => items.some((item) => item['queue'] === dlq && item['depth'] === 1),
      { what: 'the dead letter back after the peek', ...patience },
    );
    const replayed = await call('POST', `/dead-letter-queues/${queue}/replay`, platform, { limit: 5 });
    expect(replayed).toEqual({ status: 200, body: { success: true, data: { replayed: 1 } } });
    expect(await audited('ppm.dead-letter-queue.replayed')).toEqual([
      expect.objectContaining({ resource_id: dlq, details: { limit: 5, replayed: 1 } }),
    ]);
    expect((await call('GET', `/dead-letter-queues/ppm.worker.elsewhere/messages`, platform)).body.error?.code).toBe(
      'DEAD_LETTER_QUEUE_NOT_FOUND',
    );
    expect((await call('POST', `/dead-letter-queues/${dlq}/replay`, platform, {})).status).toBe(400);
  });
});
