import { Inject, Injectable, Logger } from '@nestjs/common';
import { newTraceId, runWithTrace, ServiceIdentity } from '@ppm/observability';
import { JobLease, JobRunLog, type JobCounts } from '@ppm/persistence';
import { JobMetrics, type JobOutcome } from './job-metrics';
import { JOB_SETTINGS, type JobSettings } from './job-settings';
import type { JobRun, ScheduledJob } from './scheduled-job';

/** What asking for a run came to: it ran (and how it ended), or another instance holds the job's lease. */
export type RunAttempt = JobOutcome | 'skipped';

/**
 * Runs a job once, cluster-wide exclusively: takes the job's lease (or skips when another instance holds it),
 * records the run in `job_runs`, renews the lease while the job works and stops the job if the lease is lost, then
 * records the outcome and hands the lease back. After a completed run the lease is kept quiet until the job's next
 * run is due, so N instances run a job once per period between them rather than N times; an interrupted run gives
 * it back at once, for another instance to carry on.
 */
@Injectable()
export class LeasedJobRunner {
  private readonly logger = new Logger('ScheduledJobs');

  constructor(
    private readonly lease: JobLease,
    private readonly runs: JobRunLog,
    private readonly metrics: JobMetrics,
    private readonly identity: ServiceIdentity,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
  ) {}

  /**
   * Runs `job` now if its lease is free; `stop` interrupts it (shutdown). `onStarted` hears the run's id once it is
   * recorded in `job_runs`, long before a slow job ends.
   */
  runOnce(job: ScheduledJob, stop: AbortSignal, onStarted?: (runId: string) => void): Promise<RunAttempt> {
    return runWithTrace({ traceId: newTraceId() }, () => this.run(job, stop, onStarted));
  }

  private async run(job: ScheduledJob, stop: AbortSignal, onStarted?: (runId: string) => void): Promise<RunAttempt> {
    const holder = this.identity.instanceId;
    const begun = performance.now();
    if (!(await this.lease.acquire(job.name, holder, this.settings.leaseTtlMs))) {
      this.metrics.skipped(job.name, 'lease_held');
      return 'skipped';
    }
    const interruption = new AbortController();
    const onStop = (): void => interruption.abort('the worker is shutting down');
    stop.addEventListener('abort', onStop, { once: true });
    if (stop.aborted) onStop();
    const stopRenewing = this.keepLease(job.name, interruption);
    const counts: JobCounts = {};
    const run: JobRun = {
      signal: interruption.signal,
      tally: <K extends string>(...names: K[]) => {
        for (const name of names) counts[name] ??= 0;
        return counts as Record<K, number>;
      },
    };
    let runId: string | undefined;
    let outcome: JobOutcome;
    let error: string | null = null;
    try {
      const started = await this.runs.start(job.name, holder);
      runId = started.runId;
      onStarted?.(runId);
      if (started.abandoned > 0) {
        this.logger.warn(
          { job: job.name, abandoned: started.abandoned },
          'closed runs left unfinished by an instance that lost the lease; this run carries on',
        );
      }
      await job.run(run);
      outcome = interruption.signal.aborted ? 'interrupted' : 'succeeded';
      if (outcome === 'interrupted') error = `interrupted: ${String(interruption.signal.reason)}`;
    } catch (thrown) {
      outcome = 'failed';
      error = thrown instanceof Error ? thrown.message : String(thrown);
      this.logger.error({ job: job.name, err: thrown, counts }, 'scheduled job failed');
    } finally {
      stopRenewing();
      stop.removeEventListener('abort', onStop);
    }
    const seconds = (performance.now() - begun) / 1000;
    if (runId) {
      await this.runs
        .finish(runId, outcome === 'succeeded' ? 'SUCCEEDED' : 'FAILED', counts, error)
        .catch((thrown: unknown) => this.logger.error({ job: job.name, err: thrown }, 'could not record the run'));
    }
    await this.lease
      .release(job.name, holder, outcome === 'interrupted' ? 0 : this.quietFor(job, seconds * 1000))
      .catch((thrown: unknown) => this.logger.warn({ job: job.name, err: thrown }, 'could not hand the lease back'));
    this.metrics.ran(job.name, outcome, seconds, counts);
    this.logger.log({ job: job.name, outcome, counts, durationMs: Math.round(seconds * 1000) }, 'scheduled job ran');
    return outcome;
  }

  // Until just before this run's next tick, measured from when the run was asked for: the instance that ran it may
  // then run it again on time, and nobody runs it in between.
  private quietFor(job: ScheduledJob, elapsedMs: number): number {
    const slack = Math.min(job.intervalMs / 10, 5_000);
    return Math.max(0, job.intervalMs - slack - elapsedMs);
  }

  // Renews the lease every third of its lifetime while the job runs. A renewal that finds the lease taken stops the
  // job; one that fails (database unreachable) stops it only once the lease may have lapsed unrenewed.
  private keepLease(jobName: string, interruption: AbortController): () => void {
    const { leaseTtlMs } = this.settings;
    const every = leaseTtlMs / 3;
    let confirmedAt = performance.now();
    let renewing = false;
    const timer = setInterval(() => {
      if (renewing) return;
      renewing = true;
      const asked = performance.now();
      this.lease
        .renew(jobName, this.identity.instanceId, leaseTtlMs)
        .then(
          (held) => {
            if (held) confirmedAt = asked;
            else interruption.abort('another instance took the lease over');
          },
          (thrown: unknown) => {
            this.logger.warn({ job: jobName, err: thrown }, 'could not renew the job lease');
            if (performance.now() - confirmedAt >= leaseTtlMs - every) interruption.abort('the lease may have lapsed');
          },
        )
        .finally(() => (renewing = false));
    }, every);
    return () => clearInterval(timer);
  }
}
