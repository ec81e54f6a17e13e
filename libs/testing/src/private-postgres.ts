import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';
import { sleep } from './sleep';
import { accepts } from './test-infra';

const BOOT_TIMEOUT_MS = 30_000;

/** The newest Debian Postgres binaries (/usr/lib/postgresql/<major>/bin), where tools/infra.sh installs them. */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no Postgres binaries under ${root}: \`npm run infra:up\` installs them`);
  return join(root, newest, 'bin');
}

/** Postgres refuses to run as root: under root the server runs as the `postgres` user, which owns its data. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A Postgres server of a test's own (initdb into a temporary directory, on a free port, trust authentication), so a
 * test can shut it down and start it again without touching the shared one. Durability is off (fsync): a fast
 * shutdown still writes everything, and the data only lives as long as the test.
 */
export class PrivatePostgres {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  /** The server's `postgres` database as its superuser; a test creates its own databases next to it. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Initialises a cluster in a temporary directory and starts it. */
  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'ppm-postgres-'));
    const server = new PrivatePostgres(dir, await freePort(), binaries(), serverUser());
    try {
      if (server.user) chownSync(dir, server.user.uid, server.user.gid);
      execFileSync(
        join(server.bin, 'initdb'),
        ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
        { stdio: 'ignore', ...server.user },
      );
      await server.boot();
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return server;
  }

  /**
   * A streaming replica of this server (pg_basebackup -R into a temporary directory, started on a free port as a hot
   * standby): it answers reads of everything the primary has and replays what the primary commits from then on.
   */
  async startReplica(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'ppm-postgres-replica-'));
    const replica = new PrivatePostgres(dir, await freePort(), this.bin, this.user);
    try {
      if (replica.user) chownSync(dir, replica.user.uid, replica.user.gid);
      execFileSync(
        join(this.bin, 'pg_basebackup'),
        // A fast checkpoint: the default spreads it over minutes when the primary has much to write.
        ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-D', replica.dataDir, '-R', '-c', 'fast'],
        { stdio: 'ignore', ...replica.user },
      );
      await replica.boot();
    } catch (error) {
      await replica.destroy();
      throw error;
    }
    return replica;
  }

  /** Shuts the server down as `pg_ctl stop -m fast` does (SIGINT: sessions are cut, work in flight rolled back). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }

  /** Starts the same cluster again, on the same port, with the data it had. */
  restart(): Promise<void> {
    return this.boot();
  }

  /** Stops the server and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private async boot(): Promise<void> {
    const child = spawn(
      join(this.bin, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-k',
        this.dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ],
      { stdio: 'ignore', ...this.user },
    );
    this.child = child;
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    while (!(await this.answers())) {
      if (child.exitCode !== null)
        throw new Error(`private postgres exited with ${child.exitCode} (data in ${this.dir})`);
      if (Date.now() > deadline) throw new Error(`private postgres did not start within ${BOOT_TIMEOUT_MS} ms`);
      await sleep(100);
    }
  }

  // The port opens before recovery ends; pg_isready says when the server takes sessions.
  private async answers(): Promise<boolean> {
    if (!(await accepts('127.0.0.1', this.port))) return false;
    try {
      execFileSync(join(this.bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-q']);
      return true;
    } catch {
      return false;
    }
  }
}
