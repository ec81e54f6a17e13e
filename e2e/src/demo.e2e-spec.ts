import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testInfra, TestStack } from '@ppm/testing';

const ROOT = join(__dirname, '..', '..');

/** Runs `npm run demo`'s compiled script against `env` and resolves with its exit code and output. */
function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'demo.js')],
      { cwd: ROOT, env: { PATH: process.env['PATH'], ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('npm run demo against the running processes', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'demo-e2e',
      sandbox: {},
      apps: { worker: { JOBS_ENABLED: 'false' }, command: {}, query: {} },
    });
  }, 120_000);

  afterAll(() => stack?.stop());

  it('pays and partly refunds on each gateway, showing the states and the events it saw', async () => {
    const { code, output } = await runDemo({
      NATS_URL: testInfra.natsUrl,
      AMQP_URL: testInfra.amqpUrlAs('caller'),
      SANDBOX_URL: stack.sandboxUrl,
    });
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const gateway of ['VNPAY', 'MOMO', 'ZALOPAY']) {
      const row = output.split('\n').find((line) => line.startsWith(`${gateway} `)) ?? '';
      expect(row).toContain('PROCESSING → SUCCEEDED → PARTIALLY_REFUNDED');
      expect(row).toContain('50000 SUCCEEDED');
      expect(row).toContain('payment.succeeded');
      expect(row).toContain('refund.processed');
    }
  }, 90_000);

  it('says to run `npm start` when no PPM service answers', async () => {
    const { code, output } = await runDemo({ NATS_URL: 'nats://127.0.0.1:1', AMQP_URL: testInfra.amqpUrl });
    expect(code).toBe(1);
    expect(output).toContain('run `npm start` first');
  });
});
