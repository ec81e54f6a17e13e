import { command, JSON_OPTION } from '../cli/command';
import { wholeNumber } from '../cli/option-values';
import { printRows } from '../cli/output';
import { runJobNow } from '../run-job-now';
import { withDatabase } from './database';

interface JobRunRow {
  job_name: string;
  status: string;
  instance_id: string;
  started_at: Date;
  finished_at: Date | null;
  seconds: number | null;
  counts: Record<string, number> | null;
  error: string | null;
}

async function printJobRuns(job: string | undefined, limit: number, json: boolean | undefined): Promise<void> {
  const { rows } = await withDatabase((db) =>
    db.query<JobRunRow>(
      `SELECT job_name, status, instance_id, started_at, finished_at,
              round(extract(epoch FROM finished_at - started_at)::numeric, 3)::float8 AS seconds, counts, error
         FROM job_runs
        WHERE ($1::text IS NULL OR job_name = $1)
        ORDER BY started_at DESC
        LIMIT $2`,
      [job ?? null, limit],
    ),
  );
  printRows(
    [
      ['JOB', (r) => r.job_name],
      ['STATUS', (r) => r.status],
      ['STARTED', (r) => r.started_at],
      ['SECONDS', (r) => r.seconds],
      ['INSTANCE', (r) => r.instance_id],
      [
        'COUNTS',
        (r) =>
          Object.entries(r.counts ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
      ],
      ['ERROR', (r) => r.error],
    ],
    rows,
    json,
  );
}

export const jobRunsCommand = command({
  name: 'jobs:runs',
  summary: 'the latest scheduled job runs',
  synopsis: '[--job NAME] [--limit N] [--json]',
  options: {
    job: { type: 'string', help: "only this job's runs" },
    limit: { type: 'string', help: 'how many to show (default 20)' },
    ...JSON_OPTION,
  },
  run: (options) => printJobRuns(options.job, wholeNumber(options.limit, 'limit', 1) ?? 20, options.json),
});

export const jobRunCommand = command({
  name: 'jobs:run',
  summary: 'runs a scheduled job now, under its cluster-wide lease, and shows the run',
  synopsis: '<stuck-payment-sync|webhook-retry|cleanup|reconciliation|merchant-webhook-retention> [--json]',
  arguments: [{ name: 'job', required: true }],
  options: { ...JSON_OPTION },
  async run(options, [name = '']) {
    // The progress line goes to stderr under --json, so that stdout is the run's JSON alone.
    (options.json ? process.stderr : process.stdout).write(`running ${name} now ...\n`);
    const outcome = await runJobNow(name);
    if (outcome === 'skipped')
      throw new Error(`${name} is running on a worker right now; see \`jobs:runs --job ${name}\``);
    await printJobRuns(name, 1, options.json);
    if (outcome !== 'succeeded') throw new Error(`${name} ended ${outcome}`);
  },
});
