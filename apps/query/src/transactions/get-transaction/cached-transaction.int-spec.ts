import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { Registry } from 'prom-client';
import { CacheAside, CacheKeys, RedisClient, VersionedCacheStore } from '@ppm/cache';
import { Subjects } from '@ppm/contracts';
import { natsAuthOptions } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';
import { testInfra, TestStack, type RunningService } from '@ppm/testing';
import { metric, startQueryForTest } from '../../../test/query-test-kit';

// A cached transaction is answered before Nest's pipeline; a request carrying a trace, or one the hand check
// declines, goes through the pipeline. Both must send the same bytes, and keep tenants apart.
describe('transaction.get answered from the cache before the pipeline', () => {
  const tenantId = randomUUID();
  const view = {
    id: randomUUID(),
    status: 'SUCCEEDED',
    amount: 150_000,
    description: 'Thanh toán "đơn hàng" \\ 42',
    metadata: { nested: [1, 2.5, null, true] },
    refunds: [],
  };
  let stack: TestStack;
  let query: RunningService;
  let nats: NatsConnection;
  let redis: RedisClient;
  let cache: CacheAside;

  const ask = async (meta: Record<string, unknown>, traced = false): Promise<string> => {
    const body = JSON.stringify({ meta: { traceId: randomUUID(), ...meta }, data: { transactionId: view.id } });
    const headers = natsHeaders();
    headers.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    const reply = await nats.request(Subjects.query.transactionGet, new TextEncoder().encode(body), {
      timeout: 10_000,
      ...(traced ? { headers } : {}),
    });
    return new TextDecoder().decode(reply.data);
  };

  beforeAll(async () => {
    stack = await TestStack.start({ name: 'cached-get-test', migrate: migrateDatabase, privateNats: true });
    query = await startQueryForTest({ DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl });
    nats = await connect({ servers: stack.natsUrl, ...natsAuthOptions(DEV_BUS_IDENTITIES.caller) });
    redis = new RedisClient(testInfra.redisUrl, 'cached-get-int-spec');
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const breaker = { timeoutMs: 500, errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeoutMs: 1_000 };
    const store = new VersionedCacheStore(redis, { ...breaker, rollingCountTimeoutMs: 10_000 });
    cache = new CacheAside(store, { tombstoneTtlMs: 60_000, ttlJitter: 0 }, new Registry());
    // The entry as the service's own read would have written it.
    await cache.read(CacheKeys.transaction(view.id), tenantId, () =>
      Promise.resolve({ data: view, version: 2, tenantId, ttlMs: 60_000 }),
    );
  }, 120_000);

  afterAll(async () => {
    await nats?.close();
    await redis?.onApplicationShutdown();
    await query?.close();
    await stack?.stop();
  });

  it("answers the tenant's cached transaction with the bytes the handler sends, and counts it", async () => {
    const handled = () => metric(query, 'ppm_nats_requests_handled_total', { subject: Subjects.query.transactionGet });
    const hits = () => metric(query, 'ppm_query_cache_hits_total', { shape: 'transaction' });
    const first = await ask({ tenantId });
    const piped = await ask({ tenantId }, true);
    expect(first).toBe(JSON.stringify({ success: true, data: view }));
    expect(piped).toBe(first);
    expect(await handled()).toBe(2);
    expect(await hits()).toBe(2);
  });

  it('keeps another tenant out, and leaves what its check declines to the validation pipe', async () => {
    const foreign = JSON.parse(await ask({ tenantId: randomUUID() })) as { success: boolean; error: { code: string } };
    expect(foreign).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
    const odd = JSON.parse(await ask({ tenantId, role: 'admin' })) as { error: { code: string; details: unknown } };
    expect(odd.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field: 'meta.role' }] } });
  });

  it('leaves a transaction whose entry an event invalidated to the handler, which reads the database', async () => {
    await cache.invalidate(CacheKeys.transaction(view.id), 3);
    const reply = JSON.parse(await ask({ tenantId })) as { success: boolean; error: { code: string } };
    expect(reply).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
  });
});
