import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { migrateDatabase } from '@ppm/migrations';
import { appEnvironment, createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';

const ROOT = join(__dirname, '..', '..', '..');

describe('npm run ppm -- jobs:run', () => {
  let database: IsolatedDatabase;
  const ppm = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js'), ...args],
      {
        cwd: ROOT,
        // As the worker, on the servers this run uses (the job's worker would otherwise look on the default ports).
        env: { PATH: process.env['PATH'], ...appEnvironment('worker'), DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  beforeAll(async () => {
    await requireServers('postgres', 'nats', 'rabbitmq');
    database = await createIsolatedDatabase(migrateDatabase);
  });

  afterAll(() => database?.drop());

  it('runs a job now under its lease and shows the recorded run', () => {
    const run = ppm('jobs:run', 'cleanup');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^cleanup\s+SUCCEEDED/m);
    // Run again at once: the hold a finished run keeps until its next period does not stop an explicit run.
    expect(ppm('jobs:run', 'cleanup').status).toBe(0);
  });

  it('names the jobs when asked for one that does not exist, and fails', () => {
    const run = ppm('jobs:run', 'make-coffee');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('stuck-payment-sync');
  });
});
