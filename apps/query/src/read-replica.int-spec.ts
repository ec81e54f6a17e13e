import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type TransactionView } from '@ppm/contracts';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  eventually,
  freePort,
  PrivateNats,
  requireServers,
  type IsolatedDatabase,
  type RunningService,
  type TestRequester,
} from '@ppm/testing';
import { QueryTestBed } from '../test/query-test-bed';
import {
  inInbox,
  insertPayments,
  metric,
  natsClient,
  openDatabase,
  patience,
  paymentEvent,
  publishEvent,
  startQueryForTest,
} from '../test/query-test-kit';

// A "replica" that lags: a second database holding an older copy of the payment, and none of a newer one. Reads go
// to it, but once an event has announced a newer version, or when it has no row at all, the primary is read instead,
// so the lag never shows after the event, nor as "not found". (The first test shows the replica connected.)
describe('query service reading a lagging replica', () => {
  const tenantId = randomUUID();
  const transactionId = randomUUID();
  let bed: QueryTestBed;
  let replica: IsolatedDatabase;
  let primarySql: DataSource;
  let replicaSql: DataSource;
  let query: RunningService;
  let client: TestRequester;

  const get = () => client.request<TransactionView>(Subjects.query.transactionGet, { transactionId }, { tenantId });

  beforeAll(async () => {
    await requireServers('postgres');
    replica = await createIsolatedDatabase(migrateDatabase);
    replicaSql = await openDatabase(replica.url);
    await insertPayments(replicaSql, [{ id: transactionId, tenantId, status: 'PROCESSING', version: 2 }]);
    bed = await QueryTestBed.start({ clientName: 'read-replica-test', env: { DATABASE_READ_URL: replica.url } });
    ({ sql: primarySql, query, client } = bed);
    await insertPayments(primarySql, [{ id: transactionId, tenantId, status: 'SUCCEEDED', version: 3 }]);
  });

  afterAll(async () => {
    await bed?.stop();
    await replicaSql?.destroy();
    await replica?.drop();
  });

  it('reads the replica, and the primary once an event says the replica is behind', async () => {
    expect(await get()).toMatchObject({ success: true, data: { status: 'PROCESSING', version: 2 } });

    const event = paymentEvent('ppm.payment.succeeded.v1', tenantId, transactionId, 3);
    await publishEvent('ppm.payment.succeeded.v1', event);
    expect(
      await eventually(() => inInbox(primarySql, String(event['id'])), Boolean, {
        what: 'the event in the primary inbox',
        ...patience,
      }),
    ).toBe(true);
    expect(await get()).toMatchObject({ success: true, data: { status: 'SUCCEEDED', version: 3 } });
    expect(await get()).toMatchObject({ success: true, data: { status: 'SUCCEEDED', version: 3 } });
    expect(await metric(query, 'ppm_query_cache_hits_total', { shape: 'transaction' })).toBeGreaterThan(0);
  });

  it('reads the primary for a payment the replica has not got yet, so a caller just told it exists never hears "not found"', async () => {
    // A tenant of its own, so the list below still sees one payment.
    const [fresh, owner] = [randomUUID(), randomUUID()];
    await insertPayments(primarySql, [{ id: fresh, tenantId: owner, status: 'PROCESSING', version: 1 }]);
    const read = (id: string) =>
      client.request<TransactionView>(Subjects.query.transactionGet, { transactionId: id }, { tenantId: owner });

    expect(await read(fresh)).toMatchObject({ success: true, data: { id: fresh, status: 'PROCESSING', version: 1 } });
    expect(await read(randomUUID())).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
  });

  it('reads the primary while the replica is unreachable', async () => {
    // On a NATS of its own, so the instance above (reading the lagging replica) cannot take the request.
    const ownNats = await PrivateNats.start();
    const deadReplica = `postgres://postgres:postgres@127.0.0.1:${await freePort()}/nowhere`;
    const degraded = await startQueryForTest({
      DATABASE_URL: bed.database.url,
      DATABASE_READ_URL: deadReplica,
      NATS_URL: ownNats.url,
    });
    const ownClient = await natsClient(ownNats.url, 'read-replica-test-dead');
    try {
      const list = await ownClient.request(Subjects.query.transactionList, {}, { tenantId });
      expect(list).toMatchObject({ success: true, data: { items: [{ id: transactionId, status: 'SUCCEEDED' }] } });
    } finally {
      await ownClient.onApplicationShutdown();
      await degraded.close();
      await ownNats.stop();
    }
  });
});
