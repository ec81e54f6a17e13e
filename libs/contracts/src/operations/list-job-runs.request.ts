import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Largest page of `job-run.list`; the default is 50. */
export const MAX_JOB_RUN_PAGE = 200;

/** `ppm.query.job-run.list` data: the scheduled jobs' recorded runs, newest first, optionally of one job. */
export class ListJobRunsRequest {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'job must be a job name such as webhook-retry' })
  job?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_JOB_RUN_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** How a job run stands in `job_runs`. */
export const JOB_RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/**
 * One recorded run. `summary`: the run's counts (e.g. `{ applied: 3, rescheduled: 1 }`) and, for a failed run, its
 * error; absent while it runs with nothing counted yet.
 */
export interface JobRunView {
  id: string;
  job: string;
  startedAt: string;
  finishedAt?: string;
  status: string;
  summary?: { counts: Record<string, number>; error?: string };
}

/** Reply data of `job-run.list`. `nextCursor` is null on the last page. */
export interface ListJobRunsReply {
  items: JobRunView[];
  nextCursor: string | null;
}
