import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  Subjects,
  type ListTransactionsReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
  type Reply,
} from '@ppm/contracts';
import { eventually } from '@ppm/testing';
import { PpmStack, type StackTenant } from '../support/ppm-stack';

// Callers retry, tenants share the processes, and the billing context deletes tenants: over NATS and RabbitMQ, on
// the running processes. (The same replays and isolation over HTTP belong to apps/gateway's e2e tests.)
describe('idempotency, tenant isolation and tenant deletion through every PPM process', () => {
  let stack: PpmStack;

  const processPayment = (sourceTransactionId: string, amount: number, idempotencyKey: string, tenant?: StackTenant) =>
    stack.request<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId,
        amount,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'Order e2e',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: (tenant ?? stack.tenant).configurationIds.MOMO,
      },
      { tenantId: (tenant ?? stack.tenant).tenantId, idempotencyKey },
    );
  const listBySource = async (tenant: StackTenant, sourceTransactionId: string) => {
    const list = await stack.ok<ListTransactionsReply>(
      Subjects.query.transactionList,
      { sourceBoundedContext: 'orders', limit: 100 },
      { tenantId: tenant.tenantId },
    );
    return list.items.filter((t) => t.sourceTransactionId === sourceTransactionId);
  };

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'idempotency, tenancy, deletion' });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it('NATS: the same payment command with the same key, sequential and concurrent, is one payment with one reply', async () => {
    const source = `ORD-${randomUUID()}`;
    const key = randomUUID();
    const first = await processPayment(source, 150_000, key);
    expect(first.success).toBe(true);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => processPayment(source, 150_000, key)));
    const sequential = [await processPayment(source, 150_000, key), await processPayment(source, 150_000, key)];
    for (const reply of [...concurrent, ...sequential]) expect(reply).toEqual(first);

    const reused = await processPayment(source, 151_000, key);
    expect(reused).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const sameSourceNewKey = await processPayment(source, 150_000, randomUUID());
    expect(sameSourceNewKey).toMatchObject({ success: false, error: { code: 'DUPLICATE_SOURCE_TRANSACTION' } });

    expect(await listBySource(stack.tenant, source)).toHaveLength(1);
    const transactionId = first.success ? first.data.transactionId : '';
    await stack.events.waitFor(transactionId, EventTypes.paymentCreated);
    expect(stack.events.events(transactionId, EventTypes.paymentCreated)).toHaveLength(1);
    stack.checks.record(
      'NATS payment.process: 1 + 10 concurrent + 2 sequential replays with one key → identical replies, 1 payment, ' +
        '1 × payment.created.v1; other body → IDEMPOTENCY_KEY_REUSED; same source, new key → DUPLICATE_SOURCE_TRANSACTION',
    );
  });

  it('NATS: a refund replayed with its key refunds once and answers the first reply again', async () => {
    const payment = await stack.pay('MOMO');
    await stack.complete('MOMO', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    const key = randomUUID();
    const refund = () =>
      stack.request<ProcessRefundReply>(
        Subjects.command.refundProcess,
        { transactionId: payment.transactionId, amount: 30_000, reason: 'returned' },
        { idempotencyKey: key },
      );
    const replies = [await refund(), ...(await Promise.all([refund(), refund(), refund()])), await refund()];
    const [first] = replies;
    expect(first).toMatchObject({ success: true, data: { status: 'SUCCEEDED', remainingRefundable: 120_000 } });
    // The first completed before the others were sent: each is a replay of it.
    for (const reply of replies) expect(reply).toEqual(first);
    const view = await stack.waitForStatus(payment.transactionId, 'PARTIALLY_REFUNDED');
    expect(view.refunds).toHaveLength(1);
    expect(view.refundedAmount).toBe(30_000);
    stack.checks.record('NATS refund.process replayed 5 × with one key → 1 refund of 30,000, the same reply each time');
  });

  it("tenant B can neither read, list, refund nor cancel tenant A's payment — from the cache either", async () => {
    const tenantB = await stack.addTenant();
    const payment = await stack.pay('MOMO');
    await stack.complete('MOMO', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED'); // now cached for A

    const asB = { tenantId: tenantB.tenantId };
    const replies: Reply<unknown>[] = [
      await stack.request(Subjects.query.transactionGet, { transactionId: payment.transactionId }, asB),
      await stack.request(
        Subjects.command.refundProcess,
        { transactionId: payment.transactionId, amount: 1_000, reason: 'not mine' },
        asB,
      ),
      await stack.request(Subjects.command.paymentCancel, { transactionId: payment.transactionId, reason: 'x' }, asB),
    ];
    for (const reply of replies) {
      expect(reply).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
    }
    const listed = await stack.ok<ListTransactionsReply>(Subjects.query.transactionList, { limit: 100 }, asB);
    expect(listed.items.map((t) => t.id)).not.toContain(payment.transactionId);
    const mine = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    expect(mine.refunds).toEqual([]);
    stack.checks.record(
      "tenant isolation: B's get/refund/cancel of A's payment → TRANSACTION_NOT_FOUND (A's copy cached), B's list " +
        "omits it, A's payment untouched",
    );
  });

  it('TenantDataDeletionRequested from billing purges the tenant: ppm.tenant.purged.v1, nothing readable, others kept', async () => {
    const doomed = await stack.addTenant();
    const payments: ProcessPaymentReply[] = [];
    for (const gatewayType of ['VNPAY', 'MOMO', 'ZALOPAY'] as const) {
      const payment = await stack.pay(gatewayType, { tenant: doomed });
      await stack.complete(gatewayType, payment, 'succeeded');
      await stack.waitForStatus(payment.transactionId, 'SUCCEEDED', { tenant: doomed }); // cached
      payments.push(payment);
    }
    const [, refunded] = payments;
    await stack.ok(
      Subjects.command.refundProcess,
      { transactionId: refunded?.transactionId, amount: 10_000, reason: 'returned' },
      { tenantId: doomed.tenantId },
    );
    const bystander = await stack.pay('MOMO');

    const eventId = await stack.requestTenantDeletion(doomed.tenantId);

    const [purged] = await stack.events.waitFor(doomed.tenantId, EventTypes.tenantPurged);
    expect(purged).toMatchObject({ tenantId: null, aggregateId: doomed.tenantId });
    const asDoomed = { tenantId: doomed.tenantId };
    for (const payment of payments) {
      await eventually(
        () => stack.request(Subjects.query.transactionGet, { transactionId: payment.transactionId }, asDoomed),
        (reply) => !reply.success && reply.error.code === 'TRANSACTION_NOT_FOUND',
        { what: `purged payment ${payment.transactionId} no longer readable` },
      );
    }
    const listed = await stack.ok<ListTransactionsReply>(Subjects.query.transactionList, { limit: 100 }, asDoomed);
    expect(listed.items).toEqual([]);
    const configurations = await stack.ok<unknown[] | { items: unknown[] }>(
      Subjects.query.gatewayConfigList,
      {},
      asDoomed,
    );
    expect(Array.isArray(configurations) ? configurations : configurations.items).toEqual([]);
    const leftovers = await stack.rows<{ table_name: string; n: number }>(
      `SELECT c.table_name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I WHERE tenant_id = %L',
              c.table_name, $1::text), false, true, '')))[1]::text::int AS n
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id'`,
      [doomed.tenantId],
    );
    expect(leftovers.filter((t) => t.n > 0)).toEqual([]);
    // The other tenant's in-flight payment is still there and still completes.
    await stack.complete('MOMO', bystander, 'succeeded');
    await stack.waitForStatus(bystander.transactionId, 'SUCCEEDED');
    stack.checks.record(
      `tenant deletion: TenantDataDeletionRequested ${eventId.slice(0, 8)}… → 1 × ppm.tenant.purged.v1, 3 paid ` +
        `payments (1 refunded, all cached) → TRANSACTION_NOT_FOUND, list and configurations empty, 0 rows in ` +
        `${leftovers.length} tenant tables; the other tenant's payment still completes`,
    );
  });
});
