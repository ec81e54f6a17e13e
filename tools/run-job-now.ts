import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnvironment } from './cli-environment';

// The worker's entry that runs one job and exits (apps/worker/src/run-job.ts), bundled by `npm run build`.
const RUN_JOB = join(__dirname, '..', 'apps', 'worker', 'run-job.js');

/**
 * Runs one of the worker's scheduled jobs now, the way a worker would: in a worker process of its own that runs the
 * one job under its cluster-wide lease, records it in job_runs and exits. Returns how the run ended ('skipped' when a
 * worker is running it right now).
 */
export function runJobNow(name: string): Promise<string> {
  if (!existsSync(RUN_JOB)) return Promise.reject(new Error(`${RUN_JOB} is missing: run \`npm run build\` first`));
  return new Promise((resolve, reject) => {
    let report: { outcome?: unknown; error?: unknown } = {};
    const worker = fork(RUN_JOB, [name], { env: cliEnvironment(), execArgv: [] });
    worker.on('message', (message: typeof report) => (report = message));
    worker.on('error', reject);
    worker.on('exit', (code, signal) => {
      if (typeof report.error === 'string') reject(new Error(report.error));
      else if (typeof report.outcome === 'string') resolve(report.outcome);
      else reject(new Error(`the worker running ${name} ended (${signal ?? `exit code ${code}`}) without a report`));
    });
  });
}
