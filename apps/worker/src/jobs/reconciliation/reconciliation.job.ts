import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GatewayUrlAllowlist } from '@ppm/gateways';
import { dailySettlementSource, DueReconciliations, ReconciliationRunner } from '@ppm/reconciliation';
import type { JobRun, ScheduledJob } from '../scheduler/scheduled-job';
import { dueBusinessDays } from './reconciliation-schedule';

/** Settings of the daily reconciliation (worker configuration). */
export interface ReconciliationJobSettings {
  intervalMs: number;
  /** HH:mm GMT+7 after which the previous business day's files are expected. */
  time: string;
  lookbackDays: number;
  retryAfterMs: number;
  sourceTemplate: string;
  defaultBaseUrl: string;
}

/** Injection token of the ReconciliationJobSettings. */
export const RECONCILIATION_JOB_SETTINGS = Symbol('ReconciliationJobSettings');

/**
 * The daily reconciliation: each pass (under the job's cluster-wide lease, recorded in job_runs) reconciles every
 * active gateway configuration for every due business day that has no current run yet, fetching the day's file
 * from the source template. One configuration at a time, so a large file never competes with itself; a failed run
 * is recorded as FAILED and tried again after `retryAfterMs`.
 */
@Injectable()
export class ReconciliationJob implements ScheduledJob {
  readonly name = 'reconciliation';
  readonly intervalMs: number;
  readonly schedule: string;
  private readonly logger = new Logger(ReconciliationJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly due: DueReconciliations,
    private readonly runner: ReconciliationRunner,
    @Inject(RECONCILIATION_JOB_SETTINGS) private readonly settings: ReconciliationJobSettings,
    private readonly urls: GatewayUrlAllowlist,
  ) {
    this.intervalMs = settings.intervalMs;
    this.schedule = `daily after ${settings.time} GMT+7, checked every ${settings.intervalMs / 1000} s`;
  }

  async run(run: JobRun): Promise<void> {
    const counts = run.tally(
      'runs',
      'completed',
      'failed',
      'lines',
      'rejectedLines',
      'mismatches',
      'lateCapturesApplied',
    );
    const days = dueBusinessDays(new Date(), this.settings.time, this.settings.lookbackDays);
    const owed = await this.due.list(days, this.settings.retryAfterMs);
    for (const target of owed) {
      if (run.signal.aborted) return;
      counts.runs += 1;
      const context = { configurationId: target.configurationId, tenantId: target.tenantId, day: target.businessDate };
      try {
        const source = await dailySettlementSource(this.dataSource, target.configurationId, target.businessDate, {
          template: this.settings.sourceTemplate,
          defaultBaseUrl: this.settings.defaultBaseUrl,
          urls: this.urls,
        });
        const result = await this.runner.run({
          configurationId: target.configurationId,
          businessDate: target.businessDate,
          source,
        });
        counts.lines += result.totalLines;
        counts.lateCapturesApplied += result.settledPaymentsApplied;
        if (result.status === 'COMPLETED') {
          counts.completed += 1;
          counts.mismatches += result.mismatched;
          counts.rejectedLines += result.rejectedLines;
          if (result.mismatched > 0) {
            this.logger.warn(
              { ...context, runId: result.runId, outcomes: result.outcomes },
              'reconciliation mismatches',
            );
          }
          // The day counts as reconciled, so unreadable lines must reach someone now or never.
          if (result.rejectedLines > 0) {
            this.logger.warn(
              { ...context, runId: result.runId, rejectedLines: result.rejectedLines },
              'settlement lines could not be read; see the run for their line numbers',
            );
          }
        } else {
          counts.failed += 1;
          this.logger.warn({ ...context, runId: result.runId, error: result.error }, 'reconciliation run failed');
        }
      } catch (error) {
        counts.failed += 1;
        this.logger.error({ ...context, err: error }, 'reconciliation could not start');
      }
    }
  }
}
