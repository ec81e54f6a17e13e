/** A scheduled job: its name, how often it runs (`every 30s`, or the daily time) and its latest run, if any. */
export interface JobView {
  name: string;
  schedule: string;
  lastRun?: { id: string; startedAt: string; finishedAt?: string; status: string };
}

/** Reply data of `ppm.query.job.list` (served by the worker; its data is `{}`): the worker's scheduled jobs. */
export interface ListJobsReply {
  items: JobView[];
}
