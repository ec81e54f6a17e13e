import type { DataSource } from 'typeorm';

/** What a job run counted (e.g. `{ synced: 12, changed: 3, failed: 1 }`). */
export type JobCounts = Record<string, number>;

/** A run just recorded as RUNNING. */
export interface StartedJobRun {
  runId: string;
  /** Earlier runs of the job left RUNNING by an instance that lost its lease, now closed as FAILED. */
  abandoned: number;
}

/** How a run ended. */
export type JobRunStatus = 'SUCCEEDED' | 'FAILED';

const ABANDONED = 'abandoned: its instance stopped holding the lease before finishing (crashed or stalled)';

/**
 * `job_runs`: one row per run of a scheduled job (who ran it, when it started and ended, how it ended, what it
 * counted), for operators and for seeing where a job left off.
 */
export class JobRunLog {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a run as RUNNING. Call it only while holding the job's lease: any other run of the job still RUNNING
   * then belongs to an instance that lost its lease without finishing, and is closed as FAILED in the same statement.
   */
  async start(jobName: string, instanceId: string): Promise<StartedJobRun> {
    const [row] = await this.dataSource.query<{ id: string; abandoned: number }[]>(
      `WITH abandoned AS (
         UPDATE job_runs SET status = 'FAILED', finished_at = now(), error = $3
          WHERE job_name = $1 AND status = 'RUNNING'
         RETURNING 1),
       started AS (
         INSERT INTO job_runs (job_name, instance_id, status) VALUES ($1, $2, 'RUNNING') RETURNING id)
       SELECT started.id, (SELECT count(*)::int FROM abandoned) AS abandoned FROM started`,
      [jobName, instanceId, ABANDONED],
    );
    if (!row) throw new Error('job_runs insert returned no id');
    return { runId: row.id, abandoned: row.abandoned };
  }

  /**
   * Records how a run ended. False when the run was no longer RUNNING: another instance closed it as abandoned
   * after taking the lease over, and that record stands.
   */
  async finish(runId: string, status: JobRunStatus, counts: JobCounts, error: string | null = null): Promise<boolean> {
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], whatever it returned.
    const rows = await this.dataSource.query<unknown[]>(
      `WITH finished AS (
         UPDATE job_runs SET status = $2, finished_at = now(), counts = $3::jsonb, error = $4
          WHERE id = $1 AND status = 'RUNNING'
         RETURNING 1)
       SELECT 1 FROM finished`,
      [runId, status, JSON.stringify(counts), error],
    );
    return rows.length > 0;
  }

  /** Deletes runs started more than `olderThanMs` ago, a batch at a time; returns how many went. */
  async deleteStartedBefore(olderThanMs: number, batch = 5_000): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `WITH gone AS (
         DELETE FROM job_runs WHERE id IN (
           SELECT id FROM job_runs WHERE started_at < now() - make_interval(secs => $1) LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [olderThanMs / 1000, batch],
    );
    return row?.n ?? 0;
  }
}
