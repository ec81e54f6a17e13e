import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@ppm/observability';
import type { JobCounts } from '@ppm/persistence';

/** How a run ended: on its own, with an error, or stopped early (shutdown, lease lost). */
export type JobOutcome = 'succeeded' | 'failed' | 'interrupted';

/** Why a due run did not start on this instance. */
export type JobSkip = 'lease_held' | 'still_running';

/**
 * The scheduled jobs' Prometheus metrics: runs per job and outcome, their duration, what they counted, runs skipped
 * (another instance holds the lease, or the previous run is still going) and when each job last succeeded here
 * (alert on it growing old: a job that silently stopped running is the failure nobody sees).
 */
@Injectable()
export class JobMetrics {
  private readonly runs: Counter<'job' | 'outcome'>;
  private readonly duration: Histogram<'job' | 'outcome'>;
  private readonly items: Counter<'job' | 'count'>;
  private readonly skips: Counter<'job' | 'reason'>;
  private readonly lastSuccess: Gauge<'job'>;

  constructor(registry: MetricsRegistry) {
    this.runs = new Counter({
      name: 'ppm_job_runs_total',
      help: 'Scheduled job runs on this instance, per job and outcome (succeeded, failed, interrupted)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ppm_job_duration_seconds',
      help: 'Duration of scheduled job runs, per job and outcome',
      labelNames: ['job', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    });
    this.items = new Counter({
      name: 'ppm_job_items_total',
      help: 'What scheduled jobs counted (e.g. payments synced, webhooks applied), per job and count',
      labelNames: ['job', 'count'],
      registers: [registry],
    });
    this.skips = new Counter({
      name: 'ppm_job_skips_total',
      help: 'Due runs not started here: lease_held (another instance runs or ran it) or still_running',
      labelNames: ['job', 'reason'],
      registers: [registry],
    });
    this.lastSuccess = new Gauge({
      name: 'ppm_job_last_success_timestamp_seconds',
      help: 'When each job last finished successfully on this instance (Unix time)',
      labelNames: ['job'],
      registers: [registry],
    });
  }

  ran(job: string, outcome: JobOutcome, seconds: number, counts: JobCounts): void {
    this.runs.inc({ job, outcome });
    this.duration.observe({ job, outcome }, seconds);
    for (const [count, value] of Object.entries(counts)) if (value > 0) this.items.inc({ job, count }, value);
    if (outcome === 'succeeded') this.lastSuccess.set({ job }, Date.now() / 1000);
  }

  skipped(job: string, reason: JobSkip): void {
    this.skips.inc({ job, reason });
  }
}
