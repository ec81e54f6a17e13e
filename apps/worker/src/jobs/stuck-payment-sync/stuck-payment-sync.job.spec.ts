import { Logger } from '@nestjs/common';
import { fail, ok, Subjects, type Reply, type SyncPaymentStatusReply } from '@ppm/contracts';
import type { NatsRequester } from '@ppm/messaging';
import type { InFlightPosition, PaymentPage, PaymentToSync, StuckPaymentFinder } from '@ppm/persistence';
import type { JobSettings } from '../scheduler/job-settings';
import type { JobRun } from '../scheduler/scheduled-job';
import { StuckPaymentSyncJob } from './stuck-payment-sync.job';

const settings: JobSettings = {
  enabled: true,
  leaseTtlMs: 30_000,
  stuckPayments: { intervalMs: 60_000, ageMs: 300_000, batchSize: 2, concurrency: 2, syncTimeoutMs: 7_000 },
  reviewExpiry: { intervalMs: 60_000, timeoutMinutes: 60 },
  webhookRetry: { intervalMs: 10_000, maxAttempts: 20 },
  cleanup: {
    intervalMs: 3_600_000,
    webhookRetentionDays: 90,
    unverifiedWebhookRetentionDays: 7,
    jobRunRetentionDays: 30,
    inboxRetentionDays: 14,
  },
};

const payment = (n: number): PaymentToSync => ({ transactionId: `tx-${n}`, tenantId: `tenant-${n % 2}` });

/** Pages over fixed lists the way the real finder does (a full page has a next position). */
function finderOver(inFlight: PaymentToSync[], withRefunds: PaymentToSync[]): StuckPaymentFinder {
  const page = <P>(all: PaymentToSync[], from: number, limit: number, positionOf: (p: PaymentToSync) => P) => {
    const payments = all.slice(from, from + limit);
    const last = payments.at(-1);
    return { payments, next: payments.length === limit && last ? positionOf(last) : null };
  };
  return {
    paymentsInFlight: (ageMs: number, after: InFlightPosition | null, limit: number) => {
      expect(ageMs).toBe(300_000);
      const from = after ? inFlight.findIndex((p) => p.transactionId === after.transactionId) + 1 : 0;
      return Promise.resolve(
        page(inFlight, from, limit, (p) => ({ updatedAt: '2025-03-01', transactionId: p.transactionId })),
      );
    },
    paymentsWithRefundsInFlight: (_ageMs: number, after: string | null, limit: number) => {
      const from = after ? withRefunds.findIndex((p) => p.transactionId === after) + 1 : 0;
      return Promise.resolve(page(withRefunds, from, limit, (p) => p.transactionId) as PaymentPage<string>);
    },
  } as unknown as StuckPaymentFinder;
}

function runOf(signal = new AbortController().signal): { run: JobRun; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return {
    counts,
    run: {
      signal,
      tally: <K extends string>(...names: K[]) => {
        for (const name of names) counts[name] = 0;
        return counts as Record<K, number>;
      },
    },
  };
}

describe('StuckPaymentSyncJob', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('syncs every payment in flight and every payment with refunds in flight, in its tenant, and counts', async () => {
    const requests: { subject: string; data: unknown; meta: { tenantId: string }; timeoutMs?: number }[] = [];
    const replies: Record<string, Reply<SyncPaymentStatusReply>> = {
      'tx-2': ok({ transactionId: 'tx-2', status: 'FAILED', changed: true, refunds: [] }),
      'tx-3': fail('GATEWAY_TIMEOUT', 'ZaloPay did not answer'),
    };
    const nats = {
      request: (subject: string, data: { transactionId: string }, meta: { tenantId: string }, timeoutMs?: number) => {
        requests.push({ subject, data, meta, timeoutMs });
        return Promise.resolve(
          replies[data.transactionId] ??
            ok({ transactionId: data.transactionId, status: 'PROCESSING', changed: false, refunds: [] }),
        );
      },
    } as unknown as NatsRequester;
    const job = new StuckPaymentSyncJob(finderOver([1, 2, 3, 4, 5].map(payment), [6, 7].map(payment)), nats, settings);
    const { run, counts } = runOf();

    await job.run(run);

    expect(requests.map((r) => (r.data as { transactionId: string }).transactionId).sort()).toEqual(
      ['tx-1', 'tx-2', 'tx-3', 'tx-4', 'tx-5', 'tx-6', 'tx-7'].sort(),
    );
    expect(requests.every((r) => r.subject === Subjects.command.paymentSyncStatus && r.timeoutMs === 7_000)).toBe(true);
    expect(requests.find((r) => (r.data as { transactionId: string }).transactionId === 'tx-3')?.meta.tenantId).toBe(
      'tenant-1',
    );
    expect(counts).toEqual({ synced: 6, changed: 1, failed: 1, refundSyncs: 2 });
  });

  it('stops asking once the run is interrupted, without waiting for replies still out', async () => {
    const stop = new AbortController();
    let asked = 0;
    const nats = {
      request: () => {
        asked += 1;
        stop.abort('shutdown');
        return new Promise(() => undefined); // a command service that never answers
      },
    } as unknown as NatsRequester;
    const job = new StuckPaymentSyncJob(finderOver([1, 2, 3, 4, 5].map(payment), [6].map(payment)), nats, settings);
    const { run, counts } = runOf(stop.signal);

    await job.run(run);

    expect(asked).toBe(1);
    expect(counts).toMatchObject({ synced: 0, failed: 0 });
  });
});
