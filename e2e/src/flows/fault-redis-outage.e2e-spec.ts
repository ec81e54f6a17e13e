import type { ProcessPaymentReply } from '@ppm/contracts';
import { eventually, sampleValue } from '@ppm/testing';
import { PpmStack } from '../support/ppm-stack';
import { Traffic } from '../support/traffic';

const PAYMENTS = 30;

// The query service's Redis (the stack's own) hangs, then dies and comes back empty, while callers keep reading and
// payments keep changing. Every read must answer, with the state Postgres holds, and once Redis is back no read
// may return a state older than one already read (the cached PROCESSING of a payment since captured).
describe('fault: Redis unavailable under reads', () => {
  let stack: PpmStack;
  const reads = { total: 0, failed: [] as string[], stale: [] as string[] };
  /** The newest status each payment was read in; a later read of an older one is stale. */
  const lastSeen = new Map<string, string>();
  const RANK: Record<string, number> = { PENDING: 0, PROCESSING: 1, SUCCEEDED: 2 };

  const read = async (transactionId: string): Promise<string | undefined> => {
    const reply = await stack.transaction(transactionId);
    reads.total += 1;
    if (!reply.success) {
      reads.failed.push(`${transactionId}: ${reply.error.code}`);
      return undefined;
    }
    const before = lastSeen.get(transactionId);
    if (before && (RANK[reply.data.status] ?? 0) < (RANK[before] ?? 0)) {
      reads.stale.push(`${transactionId}: ${reply.data.status} after ${before}`);
    } else {
      lastSeen.set(transactionId, reply.data.status);
    }
    return reply.data.status;
  };
  const metric = async (name: string, labels: Record<string, string>[]): Promise<number> => {
    const text = await (await fetch(`${stack.query.url}/metrics`)).text();
    return labels
      .map((l) => sampleValue(text, name, { shape: 'transaction', ...l }))
      .reduce((sum, n) => sum + (Number.isNaN(n) ? 0 : n), 0);
  };
  const fallbacks = () =>
    metric('ppm_query_cache_db_fallbacks_total', [{ reason: 'redis_error' }, { reason: 'breaker_open' }]);
  const hits = () => metric('ppm_query_cache_hits_total', [{}]);
  /** Reads every payment, over and over, until `stop` resolves. */
  const readContinuously = (ids: readonly string[], stop: Promise<void>): Promise<void> => {
    let stopped = false;
    void stop.then(() => (stopped = true));
    return (async () => {
      while (!stopped) for (const id of ids) await read(id);
    })();
  };
  /** Pays `batch` while reading everything; every paid one must then read SUCCEEDED, from wherever it comes. */
  const payWhileReading = async (all: ProcessPaymentReply[], batch: ProcessPaymentReply[]): Promise<void> => {
    const traffic = new Traffic(
      batch,
      2,
      async (payment) => void (await stack.complete('MOMO', payment, 'succeeded')),
      100,
    );
    const reading = readContinuously(
      all.map((p) => p.transactionId),
      traffic.finished,
    );
    await traffic.finished;
    await reading;
    expect(traffic.failures).toEqual([]);
    for (const payment of batch) {
      await eventually(
        () => read(payment.transactionId),
        (status) => status === 'SUCCEEDED',
        { what: `${payment.transactionId} reads SUCCEEDED while Redis is out` },
      );
    }
  };

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'fault — Redis outage', privateRedis: true, stuckPaymentAgeMs: 60_000 });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it(`${PAYMENTS} payments read throughout a hung Redis and a dead one: always answered, never stale`, async () => {
    const payments: ProcessPaymentReply[] = [];
    for (let i = 0; i < PAYMENTS; i += 1) payments.push(await stack.pay('MOMO'));
    // Cached as PROCESSING before Redis goes (PROCESSING is cached; its next change comes with an event).
    for (const payment of payments) expect(await read(payment.transactionId)).toBe('PROCESSING');
    const [hungBatch, deadBatch, afterBatch] = [payments.slice(0, 10), payments.slice(10, 20), payments.slice(20)];
    const fallbacksBefore = await fallbacks();

    // 1. Redis hangs (SIGSTOP): connections stay open, nothing answers, the cached PROCESSING entries remain.
    stack.redis?.freeze();
    await payWhileReading(payments, hungBatch);
    const fallbacksHung = await fallbacks();
    stack.redis?.thaw();
    // Right after it answers again, the payments captured meanwhile must not read as their cached PROCESSING.
    for (const payment of hungBatch) await read(payment.transactionId);
    expect(reads.stale).toEqual([]);

    // 2. Redis dies (SIGKILL) and comes back empty.
    await stack.redis?.stop();
    await payWhileReading(payments, deadBatch);
    await stack.redis?.restart();
    await payWhileReading(payments, afterBatch);
    for (const payment of payments) {
      await eventually(
        () => read(payment.transactionId),
        (status) => status === 'SUCCEEDED',
        { what: `${payment.transactionId} reads SUCCEEDED once Redis is back` },
      );
    }
    const fallbacksTotal = await fallbacks();
    // And the cache serves again: a payment read twice is a hit the second time.
    const [last] = payments;
    const hitsBack = await eventually(
      async () => {
        const before = await hits();
        await read(last?.transactionId ?? '');
        await read(last?.transactionId ?? '');
        return (await hits()) - before;
      },
      (gained) => gained > 0,
      { what: 'the query service reads from Redis again once it is back' },
    );

    stack.checks.record(
      `${PAYMENTS} payments, ${reads.total} reads: Redis hung while 10 were paid, killed while 10 more were, ` +
        `restarted for the last 10 → failed reads ${reads.failed.length}, stale reads ${reads.stale.length}, ` +
        `Postgres fallbacks ${fallbacksHung - fallbacksBefore} while hung, ${fallbacksTotal - fallbacksBefore} in all; ` +
        `cache hits again after the restart (${hitsBack} in a probe)`,
    );
    expect(reads.failed).toEqual([]);
    expect(reads.stale).toEqual([]);
    expect(fallbacksHung).toBeGreaterThan(fallbacksBefore);
    expect(fallbacksTotal).toBeGreaterThan(fallbacksHung);
  }, 240_000);
});
