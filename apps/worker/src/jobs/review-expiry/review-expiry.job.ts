import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, fail, Subjects, type ExpireReviewReply, type Reply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { currentTraceId } from '@ppm/observability';
import { PendingReviewFinder, type PaymentToSync } from '@ppm/persistence';
import { JOB_SETTINGS, type JobSettings } from '../scheduler/job-settings';
import type { JobRun, ScheduledJob } from '../scheduler/scheduled-job';
import { untilAborted } from '../scheduler/until-aborted';
import { ReviewBacklogMetrics } from './review-backlog-metrics';

/** Payments expired per request to the database; the next run takes the rest. */
const BATCH_SIZE = 100;

/**
 * Expires the payments the risk rules held for review that no operator answered within RISK_REVIEW_TIMEOUT_MINUTES
 * of their creation, through `payment.expire-review` (the command service is the only writer of payments), and
 * shows the backlog left in the review gauges. A payment answered meanwhile is left as the operator decided.
 */
@Injectable()
export class ReviewExpiryJob implements ScheduledJob {
  readonly name = 'review-expiry';
  readonly intervalMs: number;
  private readonly logger = new Logger(ReviewExpiryJob.name);

  constructor(
    private readonly finder: PendingReviewFinder,
    private readonly nats: NatsRequester,
    private readonly metrics: ReviewBacklogMetrics,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
  ) {
    this.intervalMs = settings.reviewExpiry.intervalMs;
  }

  async run(run: JobRun): Promise<void> {
    const { timeoutMinutes } = this.settings.reviewExpiry;
    const counts = run.tally('expired', 'unchanged', 'failed');
    const overdue = await this.finder.overdue(timeoutMinutes * 60_000, BATCH_SIZE);
    for (const payment of overdue) {
      if (run.signal.aborted) return;
      const reply = await this.expire(payment, timeoutMinutes, run.signal);
      if (reply.success) {
        counts[reply.data.changed ? 'expired' : 'unchanged'] += 1;
        continue;
      }
      if (run.signal.aborted) return;
      counts.failed += 1;
      this.logger.warn(
        { transactionId: payment.transactionId, tenantId: payment.tenantId, code: reply.error.code },
        `review expiry failed: ${reply.error.message}`,
      );
    }
    this.metrics.show(await this.finder.backlog(), new Date());
  }

  private expire(payment: PaymentToSync, reviewTimeoutMinutes: number, signal: AbortSignal) {
    const request: Promise<Reply<ExpireReviewReply>> = this.nats.request<ExpireReviewReply>(
      Subjects.command.paymentExpireReview,
      { transactionId: payment.transactionId, reviewTimeoutMinutes },
      { tenantId: payment.tenantId, traceId: currentTraceId() },
    );
    return untilAborted(request, signal, fail(ErrorCode.SERVICE_UNAVAILABLE, 'not awaited: the run was interrupted'));
  }
}
