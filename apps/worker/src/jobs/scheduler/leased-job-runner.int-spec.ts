import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { MetricsRegistry, ServiceIdentity } from '@ppm/observability';
import { JobLease, JobRunLog } from '@ppm/persistence';
import { createIsolatedDatabase, requireServers, sampleValue, sleep, type IsolatedDatabase } from '@ppm/testing';
import { JobMetrics } from './job-metrics';
import { JobScheduler } from './job-scheduler';
import type { JobSettings } from './job-settings';
import { LeasedJobRunner } from './leased-job-runner';
import type { JobRun, ScheduledJob } from './scheduled-job';

interface RunRow {
  instance_id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, number> | null;
  error: string | null;
}

/** A job that works for `workMs` (stopping early when told), counting its steps, and notes when it ran. */
class SleepyJob implements ScheduledJob {
  readonly name = `job-${randomUUID().slice(0, 8)}`;
  readonly periods: { start: number; end: number; stoppedEarly: boolean }[] = [];

  constructor(
    readonly intervalMs: number,
    private readonly workMs: number,
    private readonly failWith?: string,
  ) {}

  async run(run: JobRun): Promise<void> {
    const counts = run.tally('steps');
    const start = performance.now();
    try {
      for (let waited = 0; waited < this.workMs && !run.signal.aborted; waited += 10) {
        await sleep(10);
        counts.steps += 1;
      }
      if (this.failWith) throw new Error(this.failWith);
    } finally {
      this.periods.push({ start, end: performance.now(), stoppedEarly: run.signal.aborted });
    }
  }
}

describe('scheduled jobs under a cluster-wide lease, on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  const settings = (leaseTtlMs = 5_000): JobSettings => ({
    enabled: true,
    leaseTtlMs,
    stuckPayments: { intervalMs: 60_000, ageMs: 0, batchSize: 10, concurrency: 1, syncTimeoutMs: 1_000 },
    reviewExpiry: { intervalMs: 60_000, timeoutMinutes: 60 },
    webhookRetry: { intervalMs: 60_000, maxAttempts: 3 },
    cleanup: {
      intervalMs: 60_000,
      webhookRetentionDays: 90,
      unverifiedWebhookRetentionDays: 7,
      jobRunRetentionDays: 30,
      inboxRetentionDays: 14,
    },
  });
  /** One worker instance's view: its own identity and metrics, the shared database. */
  const instance = (leaseTtlMs?: number) => {
    const registry = new MetricsRegistry('worker');
    const metrics = new JobMetrics(registry);
    const identity = new ServiceIdentity('worker');
    const jobSettings = settings(leaseTtlMs);
    const runner = new LeasedJobRunner(
      new JobLease(dataSource),
      new JobRunLog(dataSource),
      metrics,
      identity,
      jobSettings,
    );
    return { registry, metrics, identity, runner, jobSettings };
  };
  const runsOf = (job: ScheduledJob) =>
    dataSource.query<RunRow[]>(`SELECT * FROM job_runs WHERE job_name = $1 ORDER BY started_at`, [job.name]);
  const never = new AbortController().signal;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the runs log every outcome; the assertions read them from job_runs
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 20 } }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs a job on one of two instances asking at once, and records the run with its counts', async () => {
    const job = new SleepyJob(60_000, 100);
    const [a, b] = [instance(), instance()];
    const attempts = await Promise.all([a.runner.runOnce(job, never), b.runner.runOnce(job, never)]);
    expect(attempts.sort()).toEqual(['skipped', 'succeeded']);
    expect(job.periods).toHaveLength(1);
    const [run] = await runsOf(job);
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(run?.counts?.['steps']).toBeGreaterThanOrEqual(9);
    expect([a.identity.instanceId, b.identity.instanceId]).toContain(run?.instance_id);
    const sample = async (name: string, labels: Record<string, string>) =>
      sampleValue(await a.registry.metrics(), name, labels) + sampleValue(await b.registry.metrics(), name, labels);
    expect(await sample('ppm_job_runs_total', { job: job.name, outcome: 'succeeded' })).toBe(1);
    expect(await sample('ppm_job_skips_total', { job: job.name, reason: 'lease_held' })).toBe(1);
  });

  it('records a failing run as FAILED with its error and the counts it reached, and counts the failure', async () => {
    const job = new SleepyJob(60_000, 30, 'gateway exploded');
    const a = instance();
    expect(await a.runner.runOnce(job, never)).toBe('failed');
    const [run] = await runsOf(job);
    expect(run).toMatchObject({ status: 'FAILED', error: 'gateway exploded' });
    expect(run?.counts?.['steps']).toBeGreaterThan(0);
    expect(sampleValue(await a.registry.metrics(), 'ppm_job_runs_total', { job: job.name, outcome: 'failed' })).toBe(1);
  });

  it('keeps the job quiet after a run until its next run is due, so the cluster runs it once per period', async () => {
    const job = new SleepyJob(600, 0);
    const [a, b] = [instance(), instance()];
    expect(await a.runner.runOnce(job, never)).toBe('succeeded');
    expect(await b.runner.runOnce(job, never)).toBe('skipped');
    await sleep(650);
    expect(await b.runner.runOnce(job, never)).toBe('succeeded');
  });

  it('stops a run whose lease another instance took over, and records it as interrupted', async () => {
    const job = new SleepyJob(60_000, 5_000);
    const a = instance(600);
    const running = a.runner.runOnce(job, never);
    await sleep(100);
    await dataSource.query(`UPDATE job_locks SET locked_by = 'another-instance' WHERE job_name = $1`, [job.name]);
    expect(await running).toBe('interrupted');
    const [run] = await runsOf(job);
    expect(run).toMatchObject({ status: 'FAILED', error: 'interrupted: another instance took the lease over' });
    // The run saw its signal and stopped before its five seconds of work were done.
    expect(job.periods[0]?.stoppedEarly).toBe(true);
  });

  it('on shutdown, interrupts the run in flight and hands the lease straight back for another instance', async () => {
    const job = new SleepyJob(60_000, 5_000);
    const [a, b] = [instance(), instance()];
    const stop = new AbortController();
    const running = a.runner.runOnce(job, stop.signal);
    await sleep(100);
    stop.abort('shutdown');
    expect(await running).toBe('interrupted');
    expect(await b.runner.runOnce(new SleepyJobNamed(job.name), never)).toBe('succeeded');
  });

  it('with two schedulers on the same jobs, never runs a job twice at once, and a stopped one finishes its run', async () => {
    const jobs = [new SleepyJob(40, 25), new SleepyJob(30, 15)];
    const schedulers = [instance(), instance()].map(
      (i) => new JobScheduler(jobs, i.jobSettings, i.runner, i.metrics, new JobLease(dataSource)),
    );
    schedulers.forEach((s) => s.onApplicationBootstrap());
    await sleep(1_500);
    await Promise.all(schedulers.map((s) => s.beforeApplicationShutdown()));

    for (const job of jobs) {
      const periods = [...job.periods].sort((x, y) => x.start - y.start);
      expect(periods.length).toBeGreaterThan(5);
      for (let i = 1; i < periods.length; i++) expect(periods[i].start).toBeGreaterThanOrEqual(periods[i - 1].end);
      const runs = await runsOf(job);
      expect(runs.length).toBe(periods.length);
      expect(runs.every((r) => r.finished_at !== null)).toBe(true);
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i].started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finished_at!.getTime());
      }
    }
  });

  it('runs a job now on request, past the quiet hold of its last run, but never beside a run still going', async () => {
    const job = new SleepyJob(60_000, 300);
    const [a, b] = [instance(), instance()];
    const [first, second] = [a, b].map(
      (i) =>
        new JobScheduler([job], { ...i.jobSettings, enabled: false }, i.runner, i.metrics, new JobLease(dataSource)),
    );
    // The last run keeps the lease quiet for a minute; asking for one now does not wait for that.
    expect(await a.runner.runOnce(new SleepyJobNamed(job.name), never)).toBe('succeeded');
    const started = await first.runNow(job.name);
    expect(started).toEqual({ kind: 'started', runId: expect.any(String) as unknown });
    // While it runs, neither this instance nor another starts it again.
    expect(await first.runNow(job.name)).toEqual({ kind: 'running' });
    expect(await second.runNow(job.name)).toEqual({ kind: 'running' });
    expect(await second.runNow('no-such-job')).toEqual({ kind: 'unknown-job' });
    await first.beforeApplicationShutdown();
    const runs = await runsOf(job);
    expect(runs).toHaveLength(2);
    expect(job.periods).toHaveLength(1);
  });
});

/** A job under a given name that finishes at once. */
class SleepyJobNamed implements ScheduledJob {
  readonly intervalMs = 60_000;
  constructor(readonly name: string) {}
  async run(run: JobRun): Promise<void> {
    run.tally('steps');
    await sleep(1);
  }
}
