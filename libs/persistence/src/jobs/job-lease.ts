import type { DataSource } from 'typeorm';

const seconds = (ms: number): number => ms / 1000;

/**
 * A cluster-wide lock per scheduled job, as a lease row in `job_locks`: whoever holds an unexpired lease runs the
 * job, everyone else skips it. The holder renews the lease while it works; a holder that crashes simply stops
 * renewing, and its lease lapses, so another instance takes over without anyone having to clean up. All times are
 * Postgres' `now()`, so the instances' own clocks never have to agree.
 */
export class JobLease {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the job's lease for `ttlMs` if nobody holds it or its holder let it lapse; true when `holder` now holds
   * it. Atomic: of any number of concurrent callers, at most one gets it.
   */
  async acquire(jobName: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO job_locks (job_name, locked_by, locked_until)
       VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (job_name) DO UPDATE SET locked_by = EXCLUDED.locked_by, locked_until = EXCLUDED.locked_until
        WHERE job_locks.locked_until < now()
       RETURNING 1`,
      [jobName, holder, seconds(ttlMs)],
    );
    return rows.length > 0;
  }

  /**
   * Extends the lease `holder` holds by `ttlMs` from now; false when it no longer holds it (another instance took
   * it over after it lapsed), in which case the holder must stop. A lapsed lease nobody took yet is still the
   * holder's: renewing it is safe, since only a change of `locked_by` lets someone else in.
   */
  async renew(jobName: string, holder: string, ttlMs: number): Promise<boolean> {
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], whatever it returned.
    const rows = await this.dataSource.query<unknown[]>(
      `WITH renewed AS (
         UPDATE job_locks SET locked_until = now() + make_interval(secs => $3)
          WHERE job_name = $1 AND locked_by = $2
         RETURNING 1)
       SELECT 1 FROM renewed`,
      [jobName, holder, seconds(ttlMs)],
    );
    return rows.length > 0;
  }

  /**
   * Ends `holder`'s hold on the job. With `quietForMs` > 0 the lease is kept, unrenewed, for that long, so no
   * instance starts the job again before its next run is due: N instances then run a periodic job once per period
   * between them, not once each. Does nothing when `holder` no longer holds the lease.
   */
  async release(jobName: string, holder: string, quietForMs = 0): Promise<void> {
    if (quietForMs > 0) {
      await this.dataSource.query(
        `UPDATE job_locks SET locked_until = now() + make_interval(secs => $3) WHERE job_name = $1 AND locked_by = $2`,
        [jobName, holder, seconds(quietForMs)],
      );
      return;
    }
    await this.dataSource.query(`DELETE FROM job_locks WHERE job_name = $1 AND locked_by = $2`, [jobName, holder]);
  }

  /**
   * Ends the quiet hold a finished run keeps (see `release`), so the job may run again at once; a lease that a run
   * still in progress holds is left alone.
   */
  async releaseIdleHold(jobName: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM job_locks WHERE job_name = $1
          AND NOT EXISTS (SELECT 1 FROM job_runs WHERE job_name = $1 AND status = 'RUNNING')`,
      [jobName],
    );
  }
}
