import { IsString, Matches } from 'class-validator';

/**
 * `ppm.command.job.run` data (served by the worker): run a scheduled job now, under the same cluster-wide lease as
 * its schedule, so it never runs twice at once across the worker instances.
 */
export class RunJobRequest {
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'job must be a job name such as webhook-retry' })
  job!: string;
}

/** Reply data of `job.run`: the run that started (it carries on after the reply; see `job-run.list`). */
export interface RunJobReply {
  runId: string;
}
