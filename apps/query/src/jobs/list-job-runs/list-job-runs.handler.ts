import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type JobRunView, type ListJobRunsReply, type Reply } from '@ppm/contracts';
import { isoTime } from '../../shared/column-values';
import { encodePageCursor } from '../../shared/page-cursor';
import { keysetPage, newestFirstStart } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { ListJobRunsQuery } from './list-job-runs.query';

const DEFAULT_LIMIT = 50;

interface JobRunRow {
  id: string;
  job_name: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, number> | null;
  error: string | null;
  cursor_started_at: string;
}

// Keyset over (started_at, id), newest first (ix_job_runs_job_started serves one job's runs). Runs belong to the
// platform, not to a tenant: every operator sees the same list.
const LIST_SQL = `
  SELECT id, job_name, status, started_at, finished_at, counts, error,
         to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_started_at
    FROM job_runs
   WHERE ($1::text IS NULL OR job_name = $1)
     AND ($2::timestamptz IS NULL OR (started_at, id) < ($2::timestamptz, $3::uuid))
   ORDER BY started_at DESC, id DESC
   LIMIT $4`;

@QueryHandler(ListJobRunsQuery)
export class ListJobRunsHandler implements IQueryHandler<ListJobRunsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ data }: ListJobRunsQuery): Promise<Reply<ListJobRunsReply>> {
    const limit = data.limit ?? DEFAULT_LIMIT;
    const start = newestFirstStart(data);
    if ('refusal' in start) return start.refusal;
    const rows = await this.database.read<JobRunRow>(LIST_SQL, [
      data.job ?? null,
      start.after?.[0] ?? null,
      start.after?.[1] ?? null,
      limit + 1,
    ]);
    const { page, nextCursor } = keysetPage(rows, limit, (last) => encodePageCursor([last.cursor_started_at, last.id]));
    return ok({ items: page.map(jobRunView), nextCursor });
  }
}

function jobRunView(row: JobRunRow): JobRunView {
  const counted = row.counts !== null && Object.keys(row.counts).length > 0;
  return {
    id: row.id,
    job: row.job_name,
    startedAt: isoTime(row.started_at),
    ...(row.finished_at ? { finishedAt: isoTime(row.finished_at) } : {}),
    status: row.status,
    ...(counted || row.error !== null
      ? { summary: { counts: row.counts ?? {}, ...(row.error !== null ? { error: row.error } : {}) } }
      : {}),
  };
}
