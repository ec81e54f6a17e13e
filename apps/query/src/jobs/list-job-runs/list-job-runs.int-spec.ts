import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type ListJobRunsReply, type ListJobRunsRequest, type Reply } from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { QueryTestBed } from '../../../test/query-test-bed';

const JOBS = ['webhook-retry', 'cleanup', 'stuck-payment-sync'];

describe('job-run.list: the scheduled jobs’ runs over real Postgres, through NATS', () => {
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;

  const list = (data: Partial<ListJobRunsRequest>) =>
    client.request<ListJobRunsReply>(Subjects.query.jobRunList, data, { tenantId: randomUUID() });
  const allPages = async (data: Partial<ListJobRunsRequest>): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const reply: Reply<ListJobRunsReply> = await list({ ...data, cursor });
      if (!reply.success) throw new Error(JSON.stringify(reply.error));
      ids.push(...reply.data.items.map((i) => i.id));
      cursor = reply.data.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'list-job-runs-test' });
    ({ sql, client } = bed);
    const base = Date.parse('2026-11-30T10:00:00.000Z');
    const prefix = randomUUID().slice(0, 23);
    for (let i = 0; i < 30; i += 1) {
      const startedAt = new Date(base - Math.floor(i / 2) * 60_000);
      // Two runs share each start time; their ids fall as i grows, so the list's (started_at, id) order puts the
      // earlier-seeded run first and the newest run is always the RUNNING one.
      const id = `${prefix}-${String(1_000 - i).padStart(12, '0')}`;
      await sql.query(
        `INSERT INTO job_runs (id, job_name, instance_id, status, started_at, finished_at, counts, error)
         VALUES ($7, $1, 'worker-1', $2, $3, $4, $5, $6)`,
        [
          JOBS[i % 3],
          i === 0 ? 'RUNNING' : i % 7 === 0 ? 'FAILED' : 'SUCCEEDED',
          startedAt.toISOString(),
          i === 0 ? null : new Date(startedAt.getTime() + 1500).toISOString(),
          i === 0 ? null : JSON.stringify({ applied: i }),
          i % 7 === 0 && i > 0 ? 'database unreachable' : null,
          id,
        ],
      );
    }
  });

  afterAll(() => bed?.stop());

  it('pages every run newest first, each once, with its counts and error as the summary', async () => {
    const first = await list({ limit: 8 });
    if (!first.success) throw new Error(JSON.stringify(first.error));
    expect(first.data.items[0]).toEqual({
      id: expect.any(String) as unknown,
      job: 'webhook-retry',
      startedAt: '2026-11-30T10:00:00.000Z',
      status: 'RUNNING',
    });
    expect(first.data.items.find((r) => r.status === 'FAILED')).toMatchObject({
      job: 'cleanup',
      finishedAt: expect.any(String) as unknown,
      summary: { counts: { applied: 7 }, error: 'database unreachable' },
    });
    const expected = (
      await sql.query<{ id: string }[]>(`SELECT id FROM job_runs ORDER BY started_at DESC, id DESC`)
    ).map((r) => r.id);
    expect(await allPages({ limit: 4 })).toEqual(expected);
  });

  it('shows one job’s runs only, and refuses a forged cursor or a job name that is no name', async () => {
    const cleanup = await allPages({ job: 'cleanup', limit: 3 });
    expect(cleanup).toHaveLength(10);
    const reply = await list({ job: 'cleanup' });
    expect(reply.success && reply.data.items.every((r) => r.job === 'cleanup')).toBe(true);
    for (const data of [{ job: 'DROP TABLE' }, { cursor: 'bm90LWEtY3Vyc29y' }, { limit: 0 }]) {
      expect([data, await list(data)]).toMatchObject([data, { success: false, error: { code: 'VALIDATION_ERROR' } }]);
    }
  });
});
