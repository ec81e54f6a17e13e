// `node dist/apps/worker/run-job.js <job>`: runs one scheduled job now, the way a worker would (under the job's
// cluster-wide lease, recorded in job_runs), with the worker's wiring but its schedules and consumers off, then exits.
// `npm run ppm -- jobs:run` starts it and reads its report over the IPC channel; run alone, it prints the report.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ppm/observability';
import { JobLease } from '@ppm/persistence';
import { LeasedJobRunner, type RunAttempt } from './jobs/scheduler/leased-job-runner';
import { SCHEDULED_JOBS, type ScheduledJob } from './jobs/scheduler/scheduled-job';
import { WorkerConfig } from './worker.config';
import { WorkerModule } from './worker.module';

/** How the run ended ('skipped' when another worker is running the job right now), or why there was none. */
type RunJobReport = { outcome: RunAttempt } | { error: string };

async function runJob(name: string): Promise<RunAttempt> {
  const config = loadConfig(WorkerConfig, {
    ...process.env,
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
    await app.get(JobLease).releaseIdleHold(name);
    return await app.get(LeasedJobRunner).runOnce(job, new AbortController().signal);
  } finally {
    await app.close();
  }
}

function report(message: RunJobReport): void {
  const exitCode = 'outcome' in message && message.outcome === 'succeeded' ? 0 : 1;
  const exit = (): never => process.exit(exitCode);
  if (process.send) {
    process.send(message, exit);
    return;
  }
  if ('error' in message) process.stderr.write(`run-job: ${message.error}\n`);
  else process.stdout.write(`${message.outcome}\n`);
  exit();
}

runJob(process.argv[2] ?? '').then(
  (outcome) => report({ outcome }),
  (error: unknown) => report({ error: error instanceof Error ? error.message : String(error) }),
);
