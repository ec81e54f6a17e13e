import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { JobMetrics } from './job-metrics';
import { JOB_SETTINGS, type JobSettings } from './job-settings';
import { LeasedJobRunner } from './leased-job-runner';
import { SCHEDULED_JOBS, type ScheduledJob } from './scheduled-job';

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

  private tick(job: ScheduledJob): void {
    if (this.stopping.signal.aborted) return;
    if (this.inFlight.has(job.name)) {
      this.metrics.skipped(job.name, 'still_running');
      return;
    }
    const run = this.runner
      .runOnce(job, this.stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => this.logger.error({ job: job.name, err: error }, 'could not run the scheduled job'),
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
