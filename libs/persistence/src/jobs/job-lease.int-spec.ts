import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, sleep, type IsolatedDatabase } from '@ppm/testing';
import { JobLease } from './job-lease';

describe('JobLease on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let lease: JobLease;
  const job = () => `job-${randomUUID()}`;
  const holderOf = async (jobName: string) =>
    (
      await dataSource.query<{ locked_by: string }[]>(`SELECT locked_by FROM job_locks WHERE job_name = $1`, [jobName])
    )[0]?.locked_by;

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 20 } }).initialize();
    lease = new JobLease(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives the lease to exactly one of many instances asking at once', async () => {
    const name = job();
    const holders = Array.from({ length: 12 }, (_, i) => `worker-${i}`);
    const granted = await Promise.all(holders.map((holder) => lease.acquire(name, holder, 10_000)));
    expect(granted.filter(Boolean)).toHaveLength(1);
    expect(await holderOf(name)).toBe(holders[granted.indexOf(true)]);
  });

  it('keeps a second instance out while the first holds it, and lets it take over once the lease lapses', async () => {
    const name = job();
    expect(await lease.acquire(name, 'worker-a', 300)).toBe(true);
    expect(await lease.acquire(name, 'worker-b', 300)).toBe(false);
    await sleep(400); // worker-a crashed: it never renews
    expect(await lease.acquire(name, 'worker-b', 10_000)).toBe(true);
    expect(await holderOf(name)).toBe('worker-b');
    // The old holder learns it lost the lease, and its late release does not free the new holder's.
    expect(await lease.renew(name, 'worker-a', 10_000)).toBe(false);
    await lease.release(name, 'worker-a');
    expect(await lease.acquire(name, 'worker-a', 10_000)).toBe(false);
  });

  it('stays held while its holder renews it', async () => {
    const name = job();
    expect(await lease.acquire(name, 'worker-a', 400)).toBe(true);
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      expect(await lease.renew(name, 'worker-a', 400)).toBe(true);
    }
    expect(await lease.acquire(name, 'worker-b', 400)).toBe(false);
  });

  it('is free for anyone at once after a release, or after the quiet period a release asks for', async () => {
    const name = job();
    expect(await lease.acquire(name, 'worker-a', 10_000)).toBe(true);
    await lease.release(name, 'worker-a');
    expect(await lease.acquire(name, 'worker-b', 10_000)).toBe(true);

    await lease.release(name, 'worker-b', 300);
    expect(await lease.acquire(name, 'worker-a', 10_000)).toBe(false);
    await sleep(400);
    expect(await lease.acquire(name, 'worker-a', 10_000)).toBe(true);
  });

  it('keeps the leases of different jobs apart', async () => {
    const [first, second] = [job(), job()];
    expect(await lease.acquire(first, 'worker-a', 10_000)).toBe(true);
    expect(await lease.acquire(second, 'worker-b', 10_000)).toBe(true);
  });
});
