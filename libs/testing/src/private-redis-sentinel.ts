import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';
import type { PrivateRedis } from './private-redis';
import { accepts } from './test-infra';

const BOOT_TIMEOUT_MS = 10_000;

/**
 * One Redis Sentinel of the test's own watching `primary` as the group `master`, quick to act: it calls the primary
 * down after 1 s without answers and, being the whole quorum, promotes a replica at once. It learns the replicas
 * from the primary's INFO, which it reads every 10 s.
 */
export class PrivateRedisSentinel {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly directory: string,
  ) {}

  /** `host:port`, as REDIS_SENTINELS lists it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** With `password`, the Sentinel asks its clients for it (`requirepass`). */
  static async start(master: string, primary: PrivateRedis, password?: string): Promise<PrivateRedisSentinel> {
    const port = await freePort();
    // Sentinel rewrites its configuration file as it learns, so the file is its own.
    const directory = mkdtempSync(join(tmpdir(), 'ppm-sentinel-'));
    const config = join(directory, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${directory}`,
        `sentinel monitor ${master} 127.0.0.1 ${primary.port} 1`,
        `sentinel down-after-milliseconds ${master} 1000`,
        `sentinel failover-timeout ${master} 5000`,
        ...(password ? [`requirepass ${password}`] : []),
        '',
      ].join('\n'),
    );
    const child = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
    const failed = new Promise<never>((_, reject) =>
      child.once('error', () => reject(new Error('redis-server not found: `npm run infra:up` installs it'))),
    );
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    const ready = async (): Promise<void> => {
      while (!(await accepts('127.0.0.1', port))) {
        if (child.exitCode !== null) throw new Error(`redis sentinel exited with ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error(`redis sentinel not up within ${BOOT_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await Promise.race([ready(), failed]);
    return new PrivateRedisSentinel(port, child, directory);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
