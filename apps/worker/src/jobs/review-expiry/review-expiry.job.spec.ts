import { fail, ok, Subjects, type ExpireReviewReply, type Reply } from '@ppm/contracts';
import type { NatsRequester } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import type { PendingReviewFinder, PaymentToSync, ReviewBacklog } from '@ppm/persistence';
import type { JobSettings } from '../scheduler/job-settings';
import type { JobRun } from '../scheduler/scheduled-job';
import { ReviewBacklogMetrics } from './review-backlog-metrics';
import { ReviewExpiryJob } from './review-expiry.job';

const settings = { reviewExpiry: { intervalMs: 60_000, timeoutMinutes: 90 } } as JobSettings;

function runOf(): { run: JobRun; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return {
    counts,
    run: {
      signal: new AbortController().signal,
      tally: <K extends string>(...names: K[]) => {
        for (const name of names) counts[name] = 0;
        return counts as Record<K, number>;
      },
    },
  };
}

describe('ReviewExpiryJob', () => {
  it('asks the command service to expire each overdue review, counts the answers and shows the backlog', async () => {
    const overdue: PaymentToSync[] = [
      { transactionId: 'tx-1', tenantId: 't-1' },
      { transactionId: 'tx-2', tenantId: 't-2' },
      { transactionId: 'tx-3', tenantId: 't-1' },
    ];
    const asked: { timeoutMs: number }[] = [];
    const backlog: ReviewBacklog = { waiting: 4, oldestCreatedAt: new Date(Date.now() - 3_600_000) };
    const finder = {
      overdue: (timeoutMs: number) => {
        asked.push({ timeoutMs });
        return Promise.resolve(overdue);
      },
      backlog: () => Promise.resolve(backlog),
    } as unknown as PendingReviewFinder;
    const requests: { subject: string; data: unknown; tenantId: string }[] = [];
    const replies: Reply<ExpireReviewReply>[] = [
      ok({ transactionId: 'tx-1', status: 'EXPIRED', changed: true }),
      ok({ transactionId: 'tx-2', status: 'PROCESSING', changed: false }),
      fail('SERVICE_UNAVAILABLE', 'away'),
    ];
    const nats = {
      request: (subject: string, data: unknown, meta: { tenantId: string }) => {
        requests.push({ subject, data, tenantId: meta.tenantId });
        return Promise.resolve(replies.shift());
      },
    } as unknown as NatsRequester;
    const registry = new MetricsRegistry('worker-test');
    const job = new ReviewExpiryJob(finder, nats, new ReviewBacklogMetrics(registry), settings);
    const { run, counts } = runOf();

    await job.run(run);

    expect(asked).toEqual([{ timeoutMs: 90 * 60_000 }]);
    expect(requests).toEqual(
      overdue.map((payment) => ({
        subject: Subjects.command.paymentExpireReview,
        data: { transactionId: payment.transactionId, reviewTimeoutMinutes: 90 },
        tenantId: payment.tenantId,
      })),
    );
    expect(counts).toEqual({ expired: 1, unchanged: 1, failed: 1 });
    const metrics = await registry.getMetricsAsJSON();
    const value = (name: string) => metrics.find((metric) => metric.name === name)?.values[0]?.value;
    expect(value('ppm_risk_reviews_waiting')).toBe(4);
    expect(value('ppm_risk_review_oldest_age_seconds')).toBeGreaterThanOrEqual(3_600);
  });
});
