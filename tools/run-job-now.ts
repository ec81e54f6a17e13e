import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ppm/observability';
import { LeasedJobRunner } from '../apps/worker/src/jobs/scheduler/leased-job-runner';
import { SCHEDULED_JOBS, type ScheduledJob } from '../apps/worker/src/jobs/scheduler/scheduled-job';
import { WorkerConfig } from '../apps/worker/src/worker.config';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { cliEnvironment } from './cli-environment';

/**
 * Runs one of the worker's scheduled jobs now, from the CLI, the way a worker would: under the job's cluster-wide
 * lease and recorded in job_runs. The worker's wiring is reused with its schedules and consumers off, so this
 * process only runs the one job. Returns how the run ended ('skipped' when a worker is running it right now).
 */
export async function runJobNow(name: string, releaseIdleHold: () => Promise<void>): Promise<string> {
  const config = loadConfig(WorkerConfig, {
    ...cliEnvironment(),
    PORT: '0',
    JOBS_ENABLED: 'false',
    CONSUMERS_ENABLED: 'false',
    NOTIFICATIONS_ENABLED: 'false',
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const jobs = app.get<readonly ScheduledJob[]>(SCHEDULED_JOBS);
    const job = jobs.find((candidate) => candidate.name === name);
    if (!job) throw new Error(`no job ${name}; the jobs are ${jobs.map((j) => j.name).join(', ')}`);
    // A finished run keeps its lease until the next run is due; "now" means not waiting for that.
    await releaseIdleHold();
    return await app.get(LeasedJobRunner).runOnce(job, new AbortController().signal);
  } finally {
    await app.close();
  }
}
