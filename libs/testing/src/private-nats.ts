import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './app-process';
import { sleep } from './sleep';
import { accepts } from './test-infra';

// A NATS of a test's own: stopping it disturbs nothing else, and nobody else's query or command service can join
// its queue groups and answer our requests from another database. It has PPM's users (tools/bus/nats-users.conf),
// so the services meet the permissions they have in production.
const USERS = join(__dirname, '..', '..', '..', 'tools', 'bus', 'nats-users.conf');

/** A subscription the server holds: its subject and, for a member of a queue group, the group. */
export interface NatsSubscription {
  subject: string;
  queueGroup?: string;
}

/** A nats-server of a test's own, which the test can stop and start again on the same port. */
export class PrivateNats {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly monitorPort: number,
    private readonly args: readonly string[],
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /**
   * Starts one on `port`, or on a free port (a test that starts a server again names its port beforehand), with
   * nats-server's `args` added (e.g. `--cluster` and `--routes` for a cluster of them).
   */
  static async start(port?: number, args: readonly string[] = []): Promise<PrivateNats> {
    const nats = new PrivateNats(port ?? (await freePort()), await freePort(), args);
    await nats.restart();
    return nats;
  }

  /** Starts the server (again) on its port, with no subscriptions: clients reconnect and subscribe anew. */
  async restart(): Promise<void> {
    const child = spawn(
      'nats-server',
      ['-c', USERS, '-a', '127.0.0.1', '-p', String(this.port), '-m', String(this.monitorPort), ...this.args],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await accepts('127.0.0.1', this.port))) {
      if (child.exitCode !== null) throw new Error('nats-server exited: run `npm run infra:up`, which installs it');
      if (Date.now() > deadline) throw new Error('private nats-server did not start within 10 s');
      await sleep(50);
    }
  }

  /** The subscriptions the server holds now, from its monitoring endpoint (who listens, in which queue group). */
  async subscriptions(): Promise<NatsSubscription[]> {
    const response = await fetch(`http://127.0.0.1:${this.monitorPort}/subsz?subs=1&limit=10000`);
    const body = (await response.json()) as { subscriptions_list?: { subject: string; qgroup?: string }[] };
    return (body.subscriptions_list ?? []).map(({ subject, qgroup }) => ({ subject, queueGroup: qgroup }));
  }

  /** Stops the server (SIGTERM: it closes every client connection) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
