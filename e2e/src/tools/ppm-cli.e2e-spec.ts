// `npm run ppm` as an operator runs it: the built CLI (`npm run build` first), its help, usage mistakes and options.
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect, JSONCodec } from 'nats';
import { Client } from 'pg';
import { requireServers, testInfra } from '@ppm/testing';

const ROOT = join(__dirname, '..', '..', '..');
const TENANT = '00000000-0000-4000-8000-0000000000a7';

const CLI = ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js')];
const ppm = (...args: string[]) =>
  spawnSync(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('npm run ppm', () => {
  it('lists its commands on --help', () => {
    const help = ppm('--help');
    expect(help.status).toBe(0);
    for (const name of ['request', 'dlq:list', 'dlq:replay', 'webhooks:list', 'webhooks:replay', 'jobs:run', 'token'])
      expect(help.stdout).toContain(`\n  ${name} `);
  });

  it("prints a command's usage on <command> --help", () => {
    const help = ppm('webhooks:list', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run ppm -- webhooks:list \[--status /);
    expect(help.stdout).toContain('--json');
  });

  it('exits 2 on an unknown option, saying what to do, and does nothing', () => {
    const run = ppm('webhooks:list', `--tenant=${TENANT}`);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
    expect(run.stderr).toBe("ppm: Unknown option '--tenant'.\nsee `npm run ppm -- webhooks:list --help`\n");
  });

  it('exits 2 on an unknown command or a missing value', () => {
    expect(ppm('webhooks:lists').status).toBe(2);
    const run = ppm('dlq:list', 'payment-notifications', '--limit');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Option '--limit <value>' argument missing");
  });

  it('honours --tenant=<uuid> as it does --tenant <uuid>', () => {
    for (const tenant of [[`--tenant=${TENANT}`], ['--tenant', TENANT]]) {
      const run = ppm('api-key', '--id', 'ops-test', ...tenant);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`"tenantId":"${TENANT}"`);
    }
  });

  it('lists parked outbox events and hands those of one type back to the relay', async () => {
    await requireServers('postgres');
    const eventType = `ppm.cli-spec-${randomUUID()}.v1`;
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    try {
      const [parked] = (
        await db.query<{ id: string }>(
          `INSERT INTO outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload, status, attempts, last_error)
           VALUES ('test', gen_random_uuid(), 1, $1, '{}', 'FAILED', 12, 'No queue is bound') RETURNING id`,
          [eventType],
        )
      ).rows;
      const env = { PATH: process.env['PATH'], DATABASE_URL: testInfra.databaseUrl };
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });

      const listed = run('outbox:parked', '--json');
      expect(listed.status).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ event_type: eventType, count: 1 })]),
      );
      const requeued = run('outbox:requeue', '--type', eventType, '--json');
      expect(requeued.status).toBe(0);
      expect(JSON.parse(requeued.stdout)).toEqual({ requeued: 1 });
      const { rows } = await db.query(`SELECT status, attempts FROM outbox_events WHERE id = $1`, [parked?.id]);
      expect(rows[0]).toMatchObject({ status: 'PENDING' });
    } finally {
      await db.query(`DELETE FROM outbox_events WHERE event_type = $1`, [eventType]);
      await db.end();
    }
  });

  it('sends a request for the tenant of --tenant=<uuid>, not the demo tenant', async () => {
    await requireServers('nats');
    // This test answers as the query service, on a subject of its own, with the envelope's metadata.
    const { user, password } = testInfra.natsAs('query');
    const service = await connect({ servers: testInfra.natsUrl, user, pass: password, name: 'ppm-cli-spec' });
    const codec = JSONCodec();
    const subject = `ppm.query.cli-spec-${randomUUID()}`;
    service.subscribe(subject, {
      queue: 'ppm-query',
      callback: (_error, message) =>
        message.respond(codec.encode({ success: true, data: (codec.decode(message.data) as { meta: unknown }).meta })),
    });
    await service.flush();
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...CLI, 'request', subject, `--tenant=${TENANT}`],
        {
          cwd: ROOT,
          env: { PATH: process.env['PATH'], NATS_URL: testInfra.natsUrl },
          timeout: 30_000,
        },
      );
      expect(JSON.parse(stdout)).toMatchObject({ success: true, data: { tenantId: TENANT } });
    } finally {
      await service.close();
    }
  });
});
