import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ok, type JobView, type ListJobsReply, type Reply } from '@ppm/contracts';
import { JobScheduler } from '../scheduler/job-scheduler';

interface LastRunRow {
  id: string;
  job_name: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
}

// The latest run of each job, one index probe per job (ix_job_runs_job_started).
const LAST_RUNS = `
  SELECT r.id, r.job_name, r.status, r.started_at, r.finished_at
    FROM unnest($1::text[]) AS j(name)
    CROSS JOIN LATERAL (SELECT * FROM job_runs WHERE job_name = j.name ORDER BY started_at DESC LIMIT 1) r`;

/** The worker's scheduled jobs as it runs them (names, schedules from its configuration) with their latest runs. */
@Injectable()
export class ListJobsHandler {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly dataSource: DataSource,
  ) {}

  async execute(): Promise<Reply<ListJobsReply>> {
    const jobs = this.scheduler.scheduled;
    const rows = await this.dataSource.query<LastRunRow[]>(LAST_RUNS, [jobs.map((job) => job.name)]);
    const lastRuns = new Map(rows.map((row) => [row.job_name, row]));
    return ok({
      items: jobs.map((job): JobView => {
        const last = lastRuns.get(job.name);
        return {
          name: job.name,
          schedule: job.schedule ?? `every ${job.intervalMs / 1000} s`,
          ...(last
            ? {
                lastRun: {
                  id: last.id,
                  startedAt: last.started_at.toISOString(),
                  ...(last.finished_at ? { finishedAt: last.finished_at.toISOString() } : {}),
                  status: last.status,
                },
              }
            : {}),
        };
      }),
    });
  }
}
