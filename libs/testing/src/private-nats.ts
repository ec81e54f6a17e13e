import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './app-process';
import { sleep } from './sleep';
import { accepts } from './test-infra';

// A NATS of a test's own: stopping it disturbs nothing else, and nobody else's query or command service can join
// its queue groups and answer our requests from another database. It has PPM's users (tools/bus/nats-users.conf),
// so the services meet the permissions they have in production.
const USERS = join(__dirname, '..', '..', '..', 'tools', 'bus', 'nats-users.conf');

/** A nats-server of a test's own. */
export class PrivateNats {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /**
   * Starts one on `port`, or on a free port (a test that starts a server again names its port beforehand), with
   * nats-server's `args` added (e.g. `--cluster` and `--routes` for a cluster of them).
   */
  static async start(port?: number, args: string[] = []): Promise<PrivateNats> {
    port ??= await freePort();
    const child = spawn('nats-server', ['-c', USERS, '-a', '127.0.0.1', '-p', String(port), ...args], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts('127.0.0.1', port))) {
      if (child.exitCode !== null) throw new Error('nats-server exited: run `npm run infra:up`, which installs it');
      if (Date.now() > deadline) throw new Error('private nats-server did not start within 10 s');
      await sleep(50);
    }
    return new PrivateNats(child, port);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
