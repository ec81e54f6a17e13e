import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, fail, Subjects, type Reply, type SyncPaymentStatusReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { currentTraceId } from '@ppm/observability';
import { StuckPaymentFinder, type InFlightPosition, type PaymentToSync } from '@ppm/persistence';
import { forEachConcurrently } from '../scheduler/for-each-concurrently';
import { JOB_SETTINGS, type JobSettings } from '../scheduler/job-settings';
import type { JobRun, ScheduledJob } from '../scheduler/scheduled-job';
import { untilAborted } from '../scheduler/until-aborted';

/**
 * Settles what callbacks did not: every payment in flight past `JOB_STUCK_PAYMENT_AGE_MS`, and every payment with
 * refunds in flight as long, goes through `payment.sync-status`, which asks the gateway and records its answer (or
 * expires an unpaid order past its expiry). ZaloPay never calls back on a failed payment and answers refunds
 * asynchronously, so for it this is how those end. One pass visits each candidate once, a page at a time, with a
 * bounded number of syncs in flight; a payment the gateway could not answer for is simply tried on the next pass.
 */
@Injectable()
export class StuckPaymentSyncJob implements ScheduledJob {
  readonly name = 'stuck-payment-sync';
  readonly intervalMs: number;
  private readonly logger = new Logger(StuckPaymentSyncJob.name);

  constructor(
    private readonly finder: StuckPaymentFinder,
    private readonly nats: NatsRequester,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
  ) {
    this.intervalMs = settings.stuckPayments.intervalMs;
  }

  async run(run: JobRun): Promise<void> {
    const { ageMs, batchSize } = this.settings.stuckPayments;
    const counts = run.tally('synced', 'changed', 'failed', 'refundSyncs');
    let position: InFlightPosition | null = null;
    do {
      const page = await this.finder.paymentsInFlight(ageMs, position, batchSize);
      await this.syncAll(page.payments, run, counts);
      position = page.next;
    } while (position && !run.signal.aborted);

    let afterTransactionId: string | null = null;
    while (!run.signal.aborted) {
      const page = await this.finder.paymentsWithRefundsInFlight(ageMs, afterTransactionId, batchSize);
      counts.refundSyncs += page.payments.length;
      await this.syncAll(page.payments, run, counts);
      if (!page.next) break;
      afterTransactionId = page.next;
    }
  }

  private syncAll(
    payments: readonly PaymentToSync[],
    run: JobRun,
    counts: Record<'synced' | 'changed' | 'failed', number>,
  ): Promise<void> {
    return forEachConcurrently(payments, this.settings.stuckPayments.concurrency, run.signal, async (payment) => {
      const reply = await this.sync(payment, run.signal);
      if (reply.success) {
        counts.synced += 1;
        if (reply.data.changed) counts.changed += 1;
        return;
      }
      if (run.signal.aborted) return; // not awaited: its outcome is unknown here, not a failure
      counts.failed += 1;
      // A gateway that does not answer, or a command service that is away, is a reason to try again next pass.
      this.logger.warn(
        { transactionId: payment.transactionId, tenantId: payment.tenantId, code: reply.error.code },
        `status sync failed: ${reply.error.message}`,
      );
    });
  }

  // Sync-status only records what the gateway says, once, so a request abandoned at shutdown is harmless.
  private sync(payment: PaymentToSync, signal: AbortSignal): Promise<Reply<SyncPaymentStatusReply>> {
    const request = this.nats.request<SyncPaymentStatusReply>(
      Subjects.command.paymentSyncStatus,
      { transactionId: payment.transactionId },
      { tenantId: payment.tenantId, traceId: currentTraceId() },
      this.settings.stuckPayments.syncTimeoutMs,
    );
    return untilAborted(request, signal, fail(ErrorCode.SERVICE_UNAVAILABLE, 'not awaited: the run was interrupted'));
  }
}
