import { DataSource } from 'typeorm';
import type { BusRole } from '@ppm/observability';
import { freePort, startApp, type AppProcess } from '../app-process';
import { createIsolatedDatabase, type IsolatedDatabase } from '../isolated-database';
import { PrivateNats } from '../private-nats';
import { PrivatePostgres } from '../private-postgres';
import { PrivateRabbitMq } from '../private-rabbitmq';
import { PrivateRedis } from '../private-redis';
import { SandboxControl } from '../sandbox-control';
import { TcpHop } from '../tcp-hop';
import { requireServers, testInfra } from '../test-infra';
import { TestRequester } from '../test-requester';
import { deleteSharedTopology } from './shared-topology';
import { sandboxWiringOf, wiringOf, type StackAddresses } from './stack-environment';
import type { AppEnv, HoppedServer, StackApp, StackOptions } from './stack-options';

/** The variable that tells an app where a server is, and the server's port when the URL names none. */
const HOPPED: Record<HoppedServer, { variable: string; defaultPort: number }> = {
  database: { variable: 'DATABASE_URL', defaultPort: 5432 },
  nats: { variable: 'NATS_URL', defaultPort: 4222 },
};

/** `url`'s database on the server at `port` of the same host (a replica of its server). */
const onServer = (url: string, port: number): string => {
  const moved = new URL(url);
  moved.port = String(port);
  return moved.toString();
};

const quietly = async (step: () => Promise<unknown>): Promise<void> => {
  await step().catch(() => undefined);
};

/**
 * PPM as it runs in production, on the machine, for one test file: a freshly migrated database of its own (so no
 * other test's relay or jobs touch its rows), the gateway sandbox and the chosen apps as processes from dist/ wired
 * to each other, a NATS requester, and, for fault tests, a RabbitMQ, Redis or NATS of its own. `stop()` ends all of
 * it, and is safe after a failed start.
 */
export class TestStack {
  private database: IsolatedDatabase | undefined;
  postgres: PrivatePostgres | undefined;
  /** The private Postgres's streaming replica, when the stack has one (`readReplica`). */
  replica: PrivatePostgres | undefined;
  rabbitMq: PrivateRabbitMq | undefined;
  redis: PrivateRedis | undefined;
  private privateNats: PrivateNats | undefined;
  private dataSource: DataSource | undefined;
  private nats: TestRequester | undefined;
  private readonly running = new Map<StackApp, AppProcess>();
  private readonly envs = new Map<StackApp, AppEnv>();
  private readonly hops = new Map<string, TcpHop>();
  /** Every process started, restarted ones and extra instances included: all are killed with the stack. */
  private readonly processes: AppProcess[] = [];

  private constructor(
    readonly options: StackOptions,
    private readonly sandboxPort: number | undefined,
    private readonly workerPort: number | undefined,
  ) {}

  /** Starts what `options` names; on a failure stops what did start and throws. */
  static async start(options: StackOptions): Promise<TestStack> {
    const apps = Object.keys(options.apps ?? {});
    const usesNats = apps.length > 0 || options.requester !== undefined;
    await requireServers(
      ...((options.migrate || apps.length > 0) && !options.privatePostgres ? (['postgres'] as const) : []),
      ...(usesNats && !options.privateNats ? (['nats'] as const) : []),
      ...(usesNats && !options.privateRabbitMq ? (['rabbitmq'] as const) : []),
      ...(apps.some((app) => app === 'query' || app === 'gateway' || app === 'command') && !options.privateRedis
        ? (['redis'] as const)
        : []),
    );
    const sandboxPort = options.sandbox ? await freePort() : undefined;
    const workerPort = options.apps?.worker ? await freePort() : undefined;
    const stack = new TestStack(options, sandboxPort, workerPort);
    try {
      await stack.boot();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** The stack's database (it has one when `migrate` was given). */
  get databaseUrl(): string {
    if (!this.database) throw new Error(`stack ${this.options.name} has no database: give it \`migrate\``);
    return this.database.url;
  }

  /** A connection to the stack's database, for what a test counts or arranges directly. */
  get sql(): DataSource {
    if (!this.dataSource) throw new Error(`stack ${this.options.name} has no database: give it \`migrate\``);
    return this.dataSource;
  }

  /** The gateway sandbox's address. */
  get sandboxUrl(): string {
    if (this.sandboxPort === undefined) throw new Error(`stack ${this.options.name} has no sandbox`);
    return `http://127.0.0.1:${this.sandboxPort}`;
  }

  /** The sandbox's control API (merchants, completing orders, faults). */
  get sandbox(): SandboxControl {
    return new SandboxControl(this.sandboxUrl);
  }

  /** The worker's HTTP address (webhooks, browser returns). */
  get workerUrl(): string {
    if (this.workerPort === undefined) throw new Error(`stack ${this.options.name} has no worker`);
    return `http://127.0.0.1:${this.workerPort}`;
  }

  /** The NATS the stack's apps and requester use. */
  get natsUrl(): string {
    return this.privateNats?.url ?? testInfra.natsUrl;
  }

  /** The stack's own NATS server, when it has one (for tests that stop it). */
  get natsServer(): PrivateNats | undefined {
    return this.privateNats;
  }

  /** The RabbitMQ the stack's apps use, as its administrator (a test's observers and cleanup). */
  get amqpUrl(): string {
    return this.rabbitMq?.url ?? testInfra.amqpUrl;
  }

  /** The stack's RabbitMQ as `role`'s user. */
  amqpUrlAs(role: BusRole): string {
    return this.rabbitMq?.urlAs(role) ?? testInfra.amqpUrlAs(role);
  }

  /** The stack's requester (see `StackOptions.requester`). */
  get requester(): TestRequester {
    if (!this.nats) throw new Error(`stack ${this.options.name} has no requester (or is not started)`);
    return this.nats;
  }

  /** The running process of `app`. */
  app(app: StackApp): AppProcess {
    const running = this.running.get(app);
    if (!running) throw new Error(`stack ${this.options.name} does not run ${app}`);
    return running;
  }

  /** The hop between `app` and `server` (see `StackOptions.hops`). */
  hop(app: StackApp, server: HoppedServer): TcpHop {
    const hop = this.hops.get(`${app}:${server}`);
    if (!hop) throw new Error(`stack ${this.options.name} has no hop between ${app} and its ${server}`);
    return hop;
  }

  /** The environment `app` was started with. */
  envOf(app: StackApp): AppEnv {
    return { ...this.envs.get(app) };
  }

  /** Starts `app` again with the same environment (after a test stopped or killed it) and waits until it is ready. */
  async restart(app: StackApp): Promise<AppProcess> {
    const restarted = await startApp(app, this.envOf(app));
    this.processes.push(restarted);
    this.running.set(app, restarted);
    return restarted;
  }

  /** Another instance of `app`, like the first but on a free port with `env` over its environment. */
  async startAnother(app: StackApp, env: AppEnv = {}): Promise<AppProcess> {
    const own = this.envOf(app);
    delete own['PORT'];
    const another = await startApp(app, { ...own, ...env });
    this.processes.push(another);
    return another;
  }

  /** Stops everything the stack started. */
  async stop(): Promise<void> {
    await quietly(() => this.nats?.onApplicationShutdown() ?? Promise.resolve());
    await Promise.all(this.processes.map((app) => quietly(() => app.stop('SIGKILL'))));
    await Promise.all([...this.hops.values()].map((hop) => quietly(() => hop.close())));
    if (this.rabbitMq) await quietly(() => this.rabbitMq?.destroy() ?? Promise.resolve());
    else if (this.options.sharedTopology) {
      const topology = this.options.sharedTopology;
      await quietly(() => deleteSharedTopology(topology));
    }
    await quietly(() => this.redis?.stop() ?? Promise.resolve());
    await quietly(() => this.privateNats?.stop() ?? Promise.resolve());
    await quietly(() => this.dataSource?.destroy() ?? Promise.resolve());
    await quietly(() => this.replica?.destroy() ?? Promise.resolve());
    if (this.postgres) await quietly(() => this.postgres?.destroy() ?? Promise.resolve());
    else await quietly(() => this.database?.drop() ?? Promise.resolve());
  }

  private async boot(): Promise<void> {
    const { options } = this;
    const [database, rabbitMq, redis, nats] = await Promise.all([
      options.migrate ? this.createDatabase(options.migrate) : undefined,
      options.privateRabbitMq ? PrivateRabbitMq.start() : undefined,
      options.privateRedis ? PrivateRedis.start() : undefined,
      options.privateNats ? PrivateNats.start() : undefined,
    ]);
    this.database = database;
    this.rabbitMq = rabbitMq;
    this.redis = redis;
    this.privateNats = nats;
    if (database) this.dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    if (options.readReplica) {
      if (!this.postgres) throw new Error(`stack ${options.name}: a read replica needs privatePostgres`);
      this.replica = await this.postgres.startReplica();
    }
    const addresses: StackAddresses = {
      databaseUrl: database?.url,
      databaseReadUrl: this.replica && database ? onServer(database.url, this.replica.port) : undefined,
      sandboxUrl: this.sandboxPort === undefined ? undefined : this.sandboxUrl,
      workerPort: this.workerPort,
      natsUrl: nats?.url,
      redisUrl: redis?.url,
      amqpUrlAs: rabbitMq ? (role) => rabbitMq.urlAs(role) : undefined,
    };
    if (options.sandbox && this.sandboxPort !== undefined) {
      const sandbox = await startApp('gateway-sandbox', {
        ...options.commonEnv,
        ...sandboxWiringOf(this.sandboxPort, addresses),
        ...options.sandbox,
      });
      this.processes.push(sandbox);
    }
    await this.startApps(addresses);
    if (options.requester) {
      const { connect, requestTimeoutMs } = options.requester;
      this.nats = await TestRequester.connect(connect, { name: options.name, requestTimeoutMs, url: this.natsUrl });
    }
  }

  // On a private Postgres the server is the stack's from its start, so `stop()` can destroy it after a failed boot.
  private async createDatabase(migrate: (url: string) => Promise<void>): Promise<IsolatedDatabase> {
    if (!this.options.privatePostgres) return createIsolatedDatabase(migrate);
    this.postgres = await PrivatePostgres.start();
    return createIsolatedDatabase(migrate, this.postgres.url);
  }

  private async startApps(addresses: StackAddresses): Promise<void> {
    const apps = Object.entries(this.options.apps ?? {}) as [StackApp, AppEnv][];
    for (const [app, env] of apps) {
      const wiring = wiringOf(app, addresses);
      const hopped = await this.openHops(app, { database: wiring['DATABASE_URL'], nats: this.natsUrl });
      this.envs.set(app, { ...this.options.commonEnv, ...wiring, ...hopped, ...env });
    }
    const started = await Promise.allSettled(apps.map(([app]) => startApp(app, this.envOf(app))));
    // An app that started while another failed must still be stopped with the stack, or it keeps answering NATS.
    started.forEach((result, index) => {
      const app = apps[index]?.[0];
      if (result.status === 'fulfilled' && app) {
        this.processes.push(result.value);
        this.running.set(app, result.value);
      }
    });
    for (const result of started) if (result.status === 'rejected') throw result.reason;
  }

  // Each hop relays to the server the app would reach directly; the app is given the hop's address instead.
  private async openHops(app: StackApp, urls: Record<HoppedServer, string | undefined>): Promise<AppEnv> {
    const env: AppEnv = {};
    for (const server of this.options.hops?.[app] ?? []) {
      const url = urls[server];
      if (!url) throw new Error(`stack ${this.options.name}: ${app} has no ${server} to reach through a hop`);
      const target = new URL(url);
      const { variable, defaultPort } = HOPPED[server];
      const hop = await TcpHop.open(target.hostname, Number(target.port || defaultPort));
      this.hops.set(`${app}:${server}`, hop);
      env[variable] = hop.urlFor(url);
    }
    return env;
  }
}
