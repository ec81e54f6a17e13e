import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ListTransactionsReply, type TransactionView } from '@ppm/contracts';
import { eventually, PrivateRedis, type RunningService, type TestRequester } from '@ppm/testing';
import { QueryTestBed } from '../test/query-test-bed';
import { inInbox, insertPayments, metric, patience, paymentEvent, publishEvent } from '../test/query-test-kit';

describe('query service with Redis stopped', () => {
  const tenantId = randomUUID();
  let redis: PrivateRedis;
  let bed: QueryTestBed;
  let sql: DataSource;
  let query: RunningService;
  let client: TestRequester;
  let transactionId: string;

  const get = () => client.request<TransactionView>(Subjects.query.transactionGet, { transactionId }, { tenantId });
  const count = (name: string, labels: Record<string, string> = {}) =>
    metric(query, name, { shape: 'transaction', ...labels });
  const fallbacks = async () =>
    (await count('ppm_query_cache_db_fallbacks_total', { reason: 'redis_error' })) +
    (await count('ppm_query_cache_db_fallbacks_total', { reason: 'breaker_open' }));

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    bed = await QueryTestBed.start({
      clientName: 'redis-down-test',
      servers: ['postgres', 'rabbitmq'],
      env: { REDIS_URL: redis.url, CACHE_BREAKER_RESET_MS: '500' },
    });
    ({ sql, query, client } = bed);
    [transactionId] = await insertPayments(sql, [{ tenantId, status: 'SUCCEEDED', version: 3 }]);
  });

  afterAll(async () => {
    await bed?.stop();
    await redis?.stop();
  });

  it('keeps answering from Postgres, counts the fallbacks, and uses the cache again once Redis is back', async () => {
    await get();
    const hits = await count('ppm_query_cache_hits_total');
    expect(await get()).toMatchObject({ success: true, data: { status: 'SUCCEEDED' } });
    expect(await count('ppm_query_cache_hits_total')).toBe(hits + 1);

    await redis.stop();
    for (let i = 0; i < 10; i += 1) {
      expect(await get()).toMatchObject({ success: true, data: { id: transactionId, status: 'SUCCEEDED' } });
    }
    expect(await fallbacks()).toBe(10);
    expect(await count('ppm_query_cache_db_fallbacks_total', { reason: 'breaker_open' })).toBeGreaterThan(0);
    const page = await client.request<ListTransactionsReply>(Subjects.query.transactionList, {}, { tenantId });
    expect(page).toMatchObject({ success: true, data: { items: [{ id: transactionId }] } });

    await redis.restart();
    const hitsBack = await count('ppm_query_cache_hits_total');
    await eventually(
      async () => (await get(), count('ppm_query_cache_hits_total')),
      (value) => value > hitsBack,
      { what: 'a cache hit once Redis is back', ...patience },
    );
    expect(await count('ppm_query_cache_hits_total')).toBeGreaterThan(hitsBack);
  });

  it('retries an invalidation while Redis is down instead of losing it, without holding up other events', async () => {
    const [otherId] = await insertPayments(sql, [{ tenantId, status: 'PROCESSING', version: 2 }]);
    await redis.stop();
    const failedBefore = await metric(query, 'ppm_query_cache_events_total', { outcome: 'failed' });
    const event = paymentEvent('ppm.payment.succeeded.v1', tenantId, otherId, 3);
    await publishEvent('ppm.payment.succeeded.v1', event);
    await eventually(
      () => metric(query, 'ppm_query_cache_events_total', { outcome: 'failed' }),
      (failed) => failed > failedBefore,
      { what: 'a failed cache event while Redis is down', ...patience },
    );
    expect(await inInbox(sql, String(event['id']))).toBe(false);
    // The failing event is nacked back with a pause; it does not hold up the events behind it.
    const malformedBefore = await metric(query, 'ppm_query_cache_events_total', { outcome: 'malformed' });
    await publishEvent('ppm.payment.succeeded.v1', { not: 'an envelope' });
    await eventually(
      () => metric(query, 'ppm_query_cache_events_total', { outcome: 'malformed' }),
      (malformed) => malformed > malformedBefore,
      { what: 'a malformed cache event counted', ...patience },
    );
    expect(await metric(query, 'ppm_query_cache_events_total', { outcome: 'malformed' })).toBe(malformedBefore + 1);
    expect(await inInbox(sql, String(event['id']))).toBe(false);

    await redis.restart();
    expect(
      await eventually(() => inInbox(sql, String(event['id'])), Boolean, {
        what: 'the event in the inbox once Redis is back',
        ...patience,
      }),
    ).toBe(true);
    const later = paymentEvent('ppm.payment.succeeded.v1', tenantId, transactionId, 4);
    await publishEvent('ppm.payment.succeeded.v1', later);
    expect(
      await eventually(() => inInbox(sql, String(later['id'])), Boolean, {
        what: 'the later event in the inbox',
        ...patience,
      }),
    ).toBe(true);
  });
});
