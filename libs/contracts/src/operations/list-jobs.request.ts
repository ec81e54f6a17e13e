/** `ppm.query.job.list` data (served by the worker): nothing to filter, the worker's scheduled jobs. */
export class ListJobsRequest {}

/** A scheduled job: its name, how often it runs (`every 30s`, or the daily time) and its latest run, if any. */
export interface JobView {
  name: string;
  schedule: string;
  lastRun?: { id: string; startedAt: string; finishedAt?: string; status: string };
}

/** Reply data of `job.list`. */
export interface ListJobsReply {
  items: JobView[];
}
