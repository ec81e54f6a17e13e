import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { JobLease } from '@ppm/persistence';
import { JobMetrics } from './job-metrics';
import { JOB_SETTINGS, type JobSettings } from './job-settings';
import { LeasedJobRunner, type RunAttempt } from './leased-job-runner';
import { SCHEDULED_JOBS, type ScheduledJob } from './scheduled-job';

/** What asking for a run now came to: its run's id, or why there is none. */
export type RunNow =
  | { kind: 'started'; runId: string }
  | { kind: 'unknown-job' }
  /** This instance runs it already, or another holds its lease. */
  | { kind: 'running' }
  | { kind: 'stopping' }
  /** It could not even be recorded (the database is unreachable); the error is logged. */
  | { kind: 'failed' };

/**
 * Runs each scheduled job every `intervalMs`, first right after start. A job never overlaps itself on this
 * instance (a tick that finds its previous run still going is skipped) nor across instances (its lease). Shutdown
 * stops the timers, interrupts the runs in flight and waits for them, before the database and NATS connections
 * close.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ScheduledJobs');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    @Inject(SCHEDULED_JOBS) private readonly jobs: readonly ScheduledJob[],
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
    private readonly runner: LeasedJobRunner,
    private readonly metrics: JobMetrics,
    private readonly lease: JobLease,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) {
      this.logger.log('scheduled jobs are off on this instance (JOBS_ENABLED=false)');
      return;
    }
    for (const job of this.jobs) {
      this.timers.push(setInterval(() => this.tick(job), job.intervalMs));
      this.tick(job);
    }
    this.logger.log(
      { jobs: this.jobs.map((job) => ({ job: job.name, intervalMs: job.intervalMs })) },
      'scheduled jobs started',
    );
  }

  // Before every module's onApplicationShutdown: the runs still need the database pool and NATS, which close there.
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** The jobs this worker runs, in their order. */
  get scheduled(): readonly ScheduledJob[] {
    return this.jobs;
  }

  /**
   * Runs a job now on an operator's request, exactly as its schedule would (its lease, its run record), whether or
   * not this instance runs the schedule. Answers once the run is recorded; the run carries on after that, and
   * shutdown waits for it like for a scheduled one.
   */
  async runNow(name: string): Promise<RunNow> {
    const job = this.jobs.find((candidate) => candidate.name === name);
    if (!job) return { kind: 'unknown-job' };
    if (this.stopping.signal.aborted) return { kind: 'stopping' };
    if (this.inFlight.has(job.name)) return { kind: 'running' };
    // A finished run keeps its lease until the next run is due; "now" means not waiting for that.
    await this.lease.releaseIdleHold(job.name);
    return new Promise((resolve) => {
      // The first settlement wins: a recorded run answers with its id before the run ends.
      this.start(
        job,
        (runId) => resolve({ kind: 'started', runId }),
        (attempt) => resolve(attempt === 'skipped' ? { kind: 'running' } : { kind: 'failed' }),
      );
    });
  }

  private tick(job: ScheduledJob): void {
    if (this.stopping.signal.aborted) return;
    if (this.inFlight.has(job.name)) {
      this.metrics.skipped(job.name, 'still_running');
      return;
    }
    this.start(job);
  }

  private start(
    job: ScheduledJob,
    onStarted?: (runId: string) => void,
    onEnded?: (attempt: RunAttempt | 'error') => void,
  ): void {
    const run = this.runner
      .runOnce(job, this.stopping.signal, onStarted)
      .then(
        (attempt) => onEnded?.(attempt),
        (error: unknown) => {
          this.logger.error({ job: job.name, err: error }, 'could not run the scheduled job');
          onEnded?.('error');
        },
      )
      .finally(() => this.inFlight.delete(job.name));
    this.inFlight.set(job.name, run);
  }

  private async stop(): Promise<void> {
    this.stopping.abort('shutdown');
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all(this.inFlight.values());
  }
}
