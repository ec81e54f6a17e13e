// `npm run ppm` as an operator runs it: the built CLI (`npm run build` first), its help, usage mistakes and options.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const TENANT = '00000000-0000-4000-8000-0000000000a7';

const ppm = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js'), ...args],
    { cwd: ROOT, env: { PATH: process.env['PATH'] }, encoding: 'utf8', timeout: 30_000 },
  );

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
});
