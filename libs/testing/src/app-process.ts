import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { BusRole } from '@ppm/observability';
import { testInfra } from './test-infra';

const ROOT = join(__dirname, '..', '..', '..');

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One of PPM's apps running as a real process from its bundle in dist/, the way `npm start` runs it. */
export interface AppProcess {
  name: string;
  url: string;
  /** The process id, for what a test reads of it in /proc (memory, open files). */
  pid: number;
  output(): string;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function mainOf(app: string): string {
  const main = join(ROOT, 'dist', 'apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does).`);
  return main;
}

/** The server URLs the test run was pointed at (e.g. a private NATS), so spawned apps use the same servers. */
function serverUrlsFromEnvironment(): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'NATS_URL']) {
    const value = process.env[name];
    if (value) urls[name] = value;
  }
  return urls;
}

const BUS_ROLES: Readonly<Record<string, BusRole>> = {
  command: 'command',
  query: 'query',
  worker: 'worker',
  gateway: 'gateway',
};

/** The app's own user on NATS and on the shared RabbitMQ, as `npm start` gives it (none for the sandbox). */
function busIdentityOf(app: string): Record<string, string> {
  const role = BUS_ROLES[app];
  if (!role) return {};
  const nats = testInfra.natsAs(role);
  return { NATS_USER: nats.user, NATS_PASSWORD: nats.password, AMQP_URL: testInfra.amqpUrlAs(role) };
}

/**
 * The environment of a PPM process a test starts as `app`: the servers this test run was pointed at and the app's own
 * user on the bus. For a process started some other way (a CLI that forks a worker), as `spawnApp` gives it.
 */
export function appEnvironment(app: string): Record<string, string> {
  return { ...serverUrlsFromEnvironment(), ...busIdentityOf(app) };
}

/**
 * Starts `app` with `env` and returns once the process runs (not necessarily ready). The app is its own user on
 * the bus unless `env` says otherwise (a stack on a private broker passes that broker's URL for the app's role).
 */
export function spawnApp(app: string, env: Record<string, string>): { child: ChildProcess; process: AppProcess } {
  const child = spawn(process.execPath, [mainOf(app)], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      ...appEnvironment(app),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    process: {
      name: app,
      url: `http://127.0.0.1:${env['PORT'] ?? ''}`,
      pid: child.pid ?? 0,
      output: () => output,
      stop: async (signal = 'SIGTERM') => {
        if (child.exitCode === null) child.kill(signal);
        return exited;
      },
    },
  };
}

/** Starts `app` (on a free port unless `env.PORT` names one) and waits until its readiness probe says 200. */
export async function startApp(app: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = env['PORT'] ?? String(await freePort());
  const { child, process: running } = spawnApp(app, { ...env, PORT: port });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${running.output()}`);
    const ready = await fetch(`${running.url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await running.stop('SIGKILL');
  throw new Error(`${app} was not ready within 30 s:\n${running.output()}`);
}
