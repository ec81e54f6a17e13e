import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './app-process';
import { accepts } from './test-infra';

const BOOT_TIMEOUT_MS = 10_000;

/**
 * A redis-server of the test's own, in memory only, so a test can freeze it, kill it and start it again without
 * touching the shared Redis. Frozen (SIGSTOP) it keeps its keys and accepts connections but answers nothing, as a
 * hung server does; killed it refuses connections and comes back empty.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly args: readonly string[],
  ) {}

  /** Where clients reach it. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts one on a free port (a replica of `replicaOf` when given) and waits until it accepts connections. */
  static async start(options: { replicaOf?: PrivateRedis } = {}): Promise<PrivateRedis> {
    const replication = options.replicaOf ? ['--replicaof', '127.0.0.1', String(options.replicaOf.port)] : [];
    const redis = new PrivateRedis(await freePort(), replication);
    await redis.restart();
    return redis;
  }

  /** Starts it (again) on the same port, empty. */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.args],
      { stdio: 'ignore' },
    );
    this.child = child;
    const failed = new Promise<never>((_, reject) =>
      child.once('error', () => reject(new Error('redis-server not found: `npm run infra:up` installs it'))),
    );
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    const ready = async (): Promise<void> => {
      while (!(await accepts('127.0.0.1', this.port))) {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error(`private redis-server not up within ${BOOT_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await Promise.race([ready(), failed]);
  }

  /** Freezes the server: connections stay open, nothing is answered, keys are kept. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a frozen server answer again, with the keys it had. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills it, as a crash would, and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }
}
