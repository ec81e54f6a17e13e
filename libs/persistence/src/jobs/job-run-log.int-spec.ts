import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { JobRunLog } from './job-run-log';

interface RunRow {
  job_name: string;
  instance_id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, number> | null;
  error: string | null;
}

describe('JobRunLog on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let log: JobRunLog;
  const job = () => `job-${randomUUID()}`;
  const runRow = async (id: string) =>
    (await dataSource.query<RunRow[]>(`SELECT * FROM job_runs WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    log = new JobRunLog(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('records a run from RUNNING to SUCCEEDED with what it counted', async () => {
    const name = job();
    const { runId, abandoned } = await log.start(name, 'worker-a');
    expect(abandoned).toBe(0);
    expect(await runRow(runId)).toMatchObject({ job_name: name, instance_id: 'worker-a', status: 'RUNNING' });
    expect((await runRow(runId))?.finished_at).toBeNull();

    expect(await log.finish(runId, 'SUCCEEDED', { synced: 3, changed: 1, failed: 0 })).toBe(true);
    const finished = await runRow(runId);
    expect(finished).toMatchObject({ status: 'SUCCEEDED', counts: { synced: 3, changed: 1, failed: 0 }, error: null });
    expect(finished?.finished_at?.getTime()).toBeGreaterThanOrEqual(finished?.started_at.getTime() ?? Infinity);
  });

  it('records a failed run with its error and the counts it reached', async () => {
    const { runId } = await log.start(job(), 'worker-a');
    await log.finish(runId, 'FAILED', { deleted: 5000 }, 'connection terminated');
    expect(await runRow(runId)).toMatchObject({
      status: 'FAILED',
      counts: { deleted: 5000 },
      error: 'connection terminated',
    });
  });

  it('closes a run left RUNNING by a crashed holder when the next holder starts, and keeps that record', async () => {
    const name = job();
    const crashed = await log.start(name, 'worker-a');
    const next = await log.start(name, 'worker-b');
    expect(next.abandoned).toBe(1);
    const closed = await runRow(crashed.runId);
    expect(closed).toMatchObject({ status: 'FAILED', error: expect.stringContaining('abandoned') as unknown });
    expect(closed?.finished_at?.getTime()).toBeLessThanOrEqual((await runRow(next.runId))?.started_at.getTime() ?? 0);
    // The old holder wakes up and finishes: too late, the record stands.
    expect(await log.finish(crashed.runId, 'SUCCEEDED', {})).toBe(false);
    expect((await runRow(crashed.runId))?.status).toBe('FAILED');
    expect((await runRow(next.runId))?.status).toBe('RUNNING');
  });

  it('deletes runs older than the retention, in batches, and keeps the recent ones', async () => {
    const name = job();
    const ids = await Promise.all(Array.from({ length: 5 }, () => log.start(`${name}-${randomUUID()}`, 'w')));
    const old = ids.slice(0, 3).map((r) => r.runId);
    await dataSource.query(`UPDATE job_runs SET started_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [
      old,
    ]);
    expect(await log.deleteStartedBefore(30 * 86_400_000, 2)).toBe(2);
    expect(await log.deleteStartedBefore(30 * 86_400_000, 2)).toBe(1);
    expect(await log.deleteStartedBefore(30 * 86_400_000, 2)).toBe(0);
    for (const { runId } of ids.slice(3)) expect(await runRow(runId)).toBeDefined();
  });
});
