import { spawn, type ChildProcess } from 'node:child_process';
import { accepts, freePort } from '@ppm/testing';

// Servers of a test's own: stopping them disturbs nothing else, and nobody else's query or command service can
// join their NATS queue groups and answer our requests from another database.

/** A redis-server on a free port, in memory only. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** Starts it again on the same port (empty: nothing is saved). */
  restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('error', () => reject(new Error('redis-server not found: run `npm run infra:up`, which installs it')));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) resolve();
      });
    });
  }

  /** Kills it, as a crash would, and waits until the port is closed. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** A nats-server on a free port. */
export class PrivateNats {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateNats> {
    const port = await freePort();
    const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await accepts('127.0.0.1', port))) {
      if (child.exitCode !== null) throw new Error('nats-server exited: run `npm run infra:up`, which installs it');
      if (Date.now() > deadline) throw new Error('private nats-server did not start within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
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
