import { Client } from 'pg';
import { Subjects, type ListTransactionsReply } from '@ppm/contracts';
import { eventually, sampleValue } from '@ppm/testing';
import { expectNothingLost, gatewayAt, settleFaultTraffic, type MadePayment } from '../support/fault-outcome';
import { PpmStack } from '../support/ppm-stack';
import { Traffic } from '../support/traffic';

const PER_PHASE = 6;
// The query service's replica pool names itself so in pg_stat_activity.
const REPLICA_CLIENT = 'ppm-query-replica';

// The query service reads from a real streaming replica of the stack's own Postgres (pg_basebackup -R, a hot
// standby on another port). The replica is shut down while payments are made and lists are read, then started
// again: every read is answered meanwhile (from the primary, each counted as a fallback), and once the replica is
// back the reads go to it again, where the payments made during the loss have been replayed.
describe('fault: the read replica lost and back', () => {
  let stack: PpmStack;
  const paid: MadePayment[] = [];
  const reads = { total: 0, failed: [] as string[] };

  /** A page of the tenant's payments, read as a caller would (these reads go to the replica, uncached). */
  const list = async (): Promise<ListTransactionsReply | undefined> => {
    const reply = await stack.request<ListTransactionsReply>(Subjects.query.transactionList, { limit: 100 });
    reads.total += 1;
    if (reply.success) return reply.data;
    reads.failed.push(reply.error.code);
    return undefined;
  };
  const fallbacks = async (): Promise<number> => {
    const text = await (await fetch(`${stack.query.url}/metrics`)).text();
    const value = sampleValue(text, 'ppm_query_replica_fallbacks_total', {});
    return Number.isNaN(value) ? 0 : value;
  };
  /** The query service's sessions on the replica. */
  const replicaSessions = async (): Promise<number> => {
    const client = new Client({ connectionString: stack.replica?.url, connectionTimeoutMillis: 2_000 });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
        [REPLICA_CLIENT],
      );
      return rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  };
  /** Payments made and paid while lists are read over and over; every read must be answered. */
  const payWhileReading = async (): Promise<void> => {
    const traffic = new Traffic(
      Array.from({ length: PER_PHASE }, (_, i) => gatewayAt(i)),
      2,
      async (gatewayType) => {
        const payment = await stack.pay(gatewayType);
        paid.push({ gatewayType, payment });
        await stack.complete(gatewayType, payment, 'succeeded');
      },
    );
    let done = false;
    void traffic.finished.then(() => (done = true));
    while (!done) await list();
    await traffic.finished;
    expect(traffic.failures).toEqual([]);
  };
  /** Lists until every payment made so far reads SUCCEEDED in them. */
  const listsEverything = (what: string): Promise<unknown> =>
    eventually(
      list,
      (page) => {
        const succeeded = new Set(page?.items.filter((i) => i.status === 'SUCCEEDED').map((i) => i.id));
        return paid.every(({ payment }) => succeeded.has(payment.transactionId));
      },
      { what, timeoutMs: 30_000, intervalMs: 100 },
    );

  beforeAll(async () => {
    stack = await PpmStack.start({
      title: 'fault — read replica lost and back',
      privatePostgres: true,
      readReplica: true,
      stuckPaymentAgeMs: 120_000,
    });
  }, 180_000);

  afterAll(() => stack?.stop(), 120_000);

  it('lists answer from the primary while the replica is down, and from the replica again once it is back', async () => {
    const replica = stack.replica;
    if (!replica) throw new Error('the stack has no read replica');

    await payWhileReading();
    await listsEverything('every payment listed SUCCEEDED, read from the replica');
    const sessionsBefore = await replicaSessions();
    const fallbacksBefore = await fallbacks();

    await replica.stop();
    await payWhileReading();
    await listsEverything('every payment listed SUCCEEDED while the replica is down');
    const fallbacksDuringLoss = (await fallbacks()) - fallbacksBefore;

    await replica.restart();
    // Back: the reads go to the replica again (no new fallback over a run of reads), which holds every payment.
    const fallbacksBack = await eventually(
      async () => {
        const before = await fallbacks();
        for (let i = 0; i < 5; i += 1) await list();
        return { before, after: await fallbacks() };
      },
      ({ before, after }) => after === before,
      { what: 'reads served by the replica again', timeoutMs: 30_000 },
    );
    await listsEverything('every payment, those made during the loss too, listed SUCCEEDED from the replica');
    await payWhileReading();
    await listsEverything('the payments made after its return listed SUCCEEDED');
    const sessionsAfter = await replicaSessions();
    const fallbacksAfterReturn = (await fallbacks()) - fallbacksBack.after;

    stack.checks.record(
      `${reads.total} list reads, ${reads.failed.length} failed; ${PER_PHASE} payments made and paid before, during ` +
        `and after the loss; reads sent to the primary because the replica was down: ${fallbacksDuringLoss} ` +
        `(${fallbacksBefore} before, ${fallbacksAfterReturn} after its return); the query service's sessions on ` +
        `the replica: ${sessionsBefore} before, ${sessionsAfter} after`,
    );
    const outcome = await settleFaultTraffic(stack, paid);

    expect(reads.failed).toEqual([]);
    expect(fallbacksBefore).toBe(0);
    expect(fallbacksDuringLoss).toBeGreaterThan(0);
    expect(fallbacksAfterReturn).toBe(0);
    expect(sessionsBefore).toBeGreaterThan(0);
    expect(sessionsAfter).toBeGreaterThan(0);
    expectNothingLost(stack, outcome);
  }, 240_000);
});
