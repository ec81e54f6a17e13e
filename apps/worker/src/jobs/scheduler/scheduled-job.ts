/** What a job gets for one run. */
export interface JobRun {
  /** Aborted when the worker shuts down or the job's lease is lost: stop at the next safe point and return. */
  readonly signal: AbortSignal;
  /**
   * The run's counts, starting at 0 for each of `names`, recorded in `job_runs` however the run ends (partial
   * counts of a failed run included).
   */
  tally<K extends string>(...names: K[]): Record<K, number>;
}

/** A periodic job the scheduler runs, at most once at a time across every worker instance. */
export interface ScheduledJob {
  /** Its name in `job_runs`, `job_locks` and the metrics. */
  readonly name: string;
  readonly intervalMs: number;
  /** How an operator reads its timing, when it is more than "every intervalMs" (a daily time). */
  readonly schedule?: string;
  run(run: JobRun): Promise<void>;
}

/** Injection token of the ScheduledJob list. */
export const SCHEDULED_JOBS = Symbol('ScheduledJobs');
