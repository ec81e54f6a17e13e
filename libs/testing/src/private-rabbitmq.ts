import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_BUS_IDENTITIES, withUserInfo, type BusRole } from '@ppm/observability';
import { freePort } from './app-process';
import { accepts } from './test-infra';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';
// PPM's users and their permissions, as on the shared broker (tools/infra.sh imports the same file).
const DEFINITIONS = join(__dirname, '..', '..', '..', 'tools', 'bus', 'rabbitmq-definitions.json');
const BOOT_TIMEOUT_MS = 90_000;

/**
 * A RabbitMQ node of a test's own (its own data, ports and node name), so the test can stop and restart the broker
 * without disturbing the shared one. Boots in 5–15 s. Needs the Debian package tools/infra.sh installs.
 */
export class PrivateRabbitMq {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly distPort: number,
    private readonly nodeName: string,
  ) {}

  /** The broker's AMQP URL as its administrator (guest): for a test's own topology and observers. */
  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** The broker's AMQP URL as `role`'s development user. */
  urlAs(role: BusRole): string {
    return withUserInfo(this.url, DEV_BUS_IDENTITIES[role]);
  }

  static async start(): Promise<PrivateRabbitMq> {
    const dir = mkdtempSync(join(tmpdir(), 'ppm-rabbit-'));
    const broker = new PrivateRabbitMq(
      dir,
      await freePort(),
      await freePort(),
      `ppm-test-${process.pid}-${Date.now()}@localhost`,
    );
    mkdirSync(join(dir, 'mnesia'));
    mkdirSync(join(dir, 'log'));
    writeFileSync(join(dir, 'enabled_plugins'), '[].');
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    writeFileSync(
      join(dir, 'rabbitmq.conf'),
      `listeners.tcp.1 = 127.0.0.1:${broker.port}\nloopback_users = none\nload_definitions = ${DEFINITIONS}\n`,
    );
    await broker.boot();
    return broker;
  }

  /** Messages in each queue of the broker, read with rabbitmqctl (as the node's owner: its cookie is in `dir`). */
  async queueDepths(): Promise<Record<string, number>> {
    const { stdout } = await promisify(execFile)(
      CTL,
      ['-n', this.nodeName, '-q', 'list_queues', 'name', 'messages', '--formatter', 'json'],
      { env: { PATH: process.env['PATH'], HOME: this.dir }, timeout: 20_000 },
    );
    const queues = JSON.parse(stdout) as { name: string; messages: number }[];
    return Object.fromEntries(queues.map((q) => [q.name, q.messages]));
  }

  /** Stops the broker (as a shutdown or crash would) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-(child.pid ?? 0), 'SIGTERM');
    const timer = setTimeout(() => process.kill(-(child.pid ?? 0), 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    while (await accepts('127.0.0.1', this.port)) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Starts the same node again, on the same data and ports. */
  restart(): Promise<void> {
    return this.boot();
  }

  /** Stops the broker and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async boot(): Promise<void> {
    const dir = this.dir;
    this.child = spawn(SERVER, [], {
      detached: true,
      stdio: 'ignore',
      env: {
        PATH: process.env['PATH'],
        HOME: dir,
        RABBITMQ_NODENAME: this.nodeName,
        ERL_EPMD_ADDRESS: '127.0.0.1',
        RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
        RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
        RABBITMQ_NODE_PORT: String(this.port),
        RABBITMQ_DIST_PORT: String(this.distPort),
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      },
    });
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    while (!(await accepts('127.0.0.1', this.port))) {
      if (this.child.exitCode !== null)
        throw new Error(`rabbitmq-server exited with ${this.child.exitCode}; see ${dir}/log`);
      if (Date.now() > deadline) throw new Error(`private RabbitMQ did not start within 90 s; see ${dir}/log`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
