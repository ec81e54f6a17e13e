import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import {
  GATEWAY_TYPES,
  Subjects,
  type ProcessPaymentReply,
  type Reply,
  type RequestMeta,
  type TransactionView,
} from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import { consumerTopologyOf, NatsRequester } from '@ppm/messaging';
import type { BusRole } from '@ppm/observability';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  eventually,
  freePort,
  PrivateRabbitMq,
  PrivateRedis,
  requireServers,
  SandboxControl,
  startApp,
  testInfra,
  TestRequester,
  type AppProcess,
  type IsolatedDatabase,
} from '@ppm/testing';
import { CheckLog } from './check-log';
import { EventCollector } from './event-collector';
import { credentialsFor } from './gateway-fixture';

export const GATEWAYS: readonly GatewayType[] = GATEWAY_TYPES;

/** A tenant of the stack with a gateway configuration (and a sandbox merchant of its own) per gateway. */
export interface StackTenant {
  tenantId: string;
  configurationIds: Record<GatewayType, string>;
  /** The merchants' credentials, for a test that plays the gateway itself (signing a callback). */
  credentials: Record<GatewayType, Record<string, string>>;
}

/** What a stack runs on besides the shared servers, and how its apps are tuned. */
export interface StackOptions {
  /** The spec's name, in the printed check list. */
  title: string;
  /** A RabbitMQ node of the stack's own (for tests that stop it). */
  privateRabbitMq?: boolean;
  /** A Redis of the stack's own for the query service (for tests that stop it). */
  privateRedis?: boolean;
  /** In-flight payments older than this are synced with their gateway by the worker's job (default 2 s). */
  stuckPaymentAgeMs?: number;
  /** Extra environment of the worker (e.g. low webhook rate limits), over the stack's own. */
  workerEnv?: Record<string, string>;
}

/** What the sandbox's complete route answers. */
export interface Completion {
  status: string;
  delivery: { url: string; attempts: number; acknowledged: boolean; lastStatus: number | null } | null;
}

/** A webhook as the worker stored it. */
export interface StoredWebhook {
  id: string;
  verification: string;
  processingStatus: string;
  attempts: number;
}

/** Options of one payment. */
export interface PaymentOptions {
  tenant?: StackTenant;
  amount?: number;
  idempotencyKey?: string;
  sourceTransactionId?: string;
  expiresInMinutes?: number;
}

const TENANT_DELETION_KEY = 'bum.tenant.data-deletion-requested.v1';
const CONSUMER_RETRY_DELAYS_MS = [200, 1_000];

/**
 * PPM as it runs in production, on the machine: the gateway sandbox, the command, query and worker services as
 * processes from dist/ on free ports, over a freshly migrated database of the stack's own (so no other test's
 * relay or jobs touch its rows) and, optionally, a RabbitMQ node and a Redis of its own for fault tests. It is
 * driven only through PPM's public surfaces: NATS requests, the sandbox's customer actions (which make it call the
 * worker's webhooks), RabbitMQ events and the billing context's exchange. The database is read only to count
 * what the surfaces do not show (webhook rows, outbox rows).
 */
export class PpmStack {
  readonly checks: CheckLog;
  readonly sandbox: SandboxControl;
  tenant!: StackTenant;
  events!: EventCollector;
  sql!: DataSource;
  command!: AppProcess;
  query!: AppProcess;
  worker!: AppProcess;
  rabbitMq: PrivateRabbitMq | undefined;
  redis: PrivateRedis | undefined;
  /** The billing context's exchange for TenantDataDeletionRequested (the stack's own, so no other worker hears it). */
  readonly billingExchange: string;
  private readonly run = randomUUID().slice(0, 8);
  private readonly apps: AppProcess[] = [];
  private database: IsolatedDatabase | undefined;
  private nats: TestRequester | undefined;
  private sandboxApp: AppProcess | undefined;
  private commandEnv: Record<string, string> = {};
  private readonly invalidationQueue: string;
  private readonly deletionQueue: string;

  private constructor(
    readonly options: StackOptions,
    readonly sandboxUrl: string,
    readonly workerUrl: string,
  ) {
    this.checks = new CheckLog(options.title);
    this.sandbox = new SandboxControl(sandboxUrl);
    this.billingExchange = `bum.events.e2e-${this.run}`;
    this.invalidationQueue = `ppm.query.cache-invalidation.e2e-${this.run}`;
    this.deletionQueue = `ppm.worker.tenant-data-deletion.e2e-${this.run}`;
  }

  /** The RabbitMQ the stack's apps use, as its administrator (the stack's observers and cleanup). */
  get amqpUrl(): string {
    return this.rabbitMq?.url ?? testInfra.amqpUrl;
  }

  /** The stack's RabbitMQ as `role`'s user. */
  amqpUrlAs(role: BusRole): string {
    return this.rabbitMq?.urlAs(role) ?? testInfra.amqpUrlAs(role);
  }

  static async start(options: StackOptions): Promise<PpmStack> {
    await requireServers(
      'postgres',
      'nats',
      ...(options.privateRabbitMq ? [] : (['rabbitmq'] as const)),
      ...(options.privateRedis ? [] : (['redis'] as const)),
    );
    const [sandboxPort, workerPort] = [await freePort(), await freePort()];
    const stack = new PpmStack(options, `http://127.0.0.1:${sandboxPort}`, `http://127.0.0.1:${workerPort}`);
    try {
      await stack.boot(sandboxPort, workerPort);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /**
   * Sends a command or query over NATS as an internal service would (a settling command as the worker would),
   * with the stack's tenant unless told.
   */
  request<T>(subject: string, data: unknown, meta: Partial<RequestMeta> = {}): Promise<Reply<T>> {
    return this.client.request<T>(subject, data, { ...meta, tenantId: meta.tenantId ?? this.tenant.tenantId });
  }

  /** Like `request`, but the reply must be a success: its data. */
  async ok<T>(subject: string, data: unknown, meta: Partial<RequestMeta> = {}): Promise<T> {
    const reply = await this.request<T>(subject, data, meta);
    if (!reply.success) throw new Error(`${subject} refused: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /** A new tenant with a configuration per gateway, each on a sandbox merchant of its own. */
  async addTenant(): Promise<StackTenant> {
    const tenantId = randomUUID();
    const configurationIds = {} as Record<GatewayType, string>;
    const merchants = {} as Record<GatewayType, Record<string, string>>;
    for (const gatewayType of GATEWAYS) {
      const credentials = credentialsFor(gatewayType) as unknown as Record<string, string>;
      merchants[gatewayType] = credentials;
      await this.sandbox.registerMerchant(gatewayType, credentials);
      const added = await this.ok<{ id: string }>(
        Subjects.command.gatewayConfigAdd,
        {
          gatewayType,
          name: `${gatewayType} e2e`,
          credentials,
          baseUrl: this.sandboxUrl,
          supportedPaymentMethods: ['E_WALLET', 'QR_CODE', 'ATM_CARD'],
          isDefault: gatewayType === 'MOMO',
        },
        { tenantId },
      );
      configurationIds[gatewayType] = added.id;
    }
    return { tenantId, configurationIds, credentials: merchants };
  }

  /** `ppm.command.payment.process` on `gatewayType`; a VNPay order exists once the browser opens its URL. */
  async pay(gatewayType: GatewayType, options: PaymentOptions = {}): Promise<ProcessPaymentReply> {
    const tenant = options.tenant ?? this.tenant;
    const payment = await this.ok<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: options.sourceTransactionId ?? `ORD-${randomUUID()}`,
        amount: options.amount ?? 150_000,
        currency: 'VND',
        paymentMethodType: 'E_WALLET',
        description: 'Order e2e',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: tenant.configurationIds[gatewayType],
        expiresInMinutes: options.expiresInMinutes,
      },
      { tenantId: tenant.tenantId, idempotencyKey: options.idempotencyKey },
    );
    if (gatewayType === 'VNPAY') await this.openPaymentPage(payment);
    return payment;
  }

  /** The customer finishes the order at the gateway; the sandbox delivers the gateway's callback to the worker. */
  async complete(
    gatewayType: GatewayType,
    payment: ProcessPaymentReply,
    outcome: 'succeeded' | 'failed' | 'cancelled',
  ): Promise<Completion> {
    return (await this.sandbox.complete(gatewayType, payment.gatewayReference ?? '', outcome)) as Completion;
  }

  /** `ppm.query.transaction.get` through the query service. */
  transaction(transactionId: string, tenant: StackTenant = this.tenant): Promise<Reply<TransactionView>> {
    return this.request<TransactionView>(
      Subjects.query.transactionGet,
      { transactionId },
      { tenantId: tenant.tenantId },
    );
  }

  /** Polls the query service until the payment reads `status`, and returns that view. */
  async waitForStatus(
    transactionId: string,
    status: string,
    { tenant = this.tenant, timeoutMs = 30_000 }: { tenant?: StackTenant; timeoutMs?: number } = {},
  ): Promise<TransactionView> {
    const reply = await eventually(
      () => this.transaction(transactionId, tenant),
      (r) => r.success && r.data.status === status,
      { what: `transaction ${transactionId} reads ${status} at the query service`, timeoutMs, intervalMs: 100 },
    );
    if (!reply.success) throw new Error('unreachable: eventually returned a failed reply');
    return reply.data;
  }

  /** Rows of the stack's own database (counting only: the tests drive PPM through its surfaces). */
  rows<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.sql.query<T[]>(sql, parameters);
  }

  /** The worker's stored webhooks naming `gatewayReference` (each received copy is a row), oldest first. */
  webhooksOf(gatewayReference: string): Promise<StoredWebhook[]> {
    return this.rows<StoredWebhook>(
      `SELECT id, verification, processing_status AS "processingStatus", attempts FROM webhook_events
        WHERE strpos(coalesce(raw_query, '') || coalesce(raw_body, ''), $1) > 0 ORDER BY received_at`,
      [gatewayReference],
    );
  }

  /** Kills the command service as a crash would (SIGKILL: no shutdown, in-flight work is cut). */
  async killCommand(): Promise<void> {
    await this.command.stop('SIGKILL');
  }

  /** Starts the command service again, with the same settings, and waits until it is ready. */
  async restartCommand(): Promise<void> {
    this.command = await startApp('command', this.commandEnv);
    this.apps.push(this.command);
  }

  /** Stops everything the stack started and prints what was checked; safe to call after a failed start. */
  async stop(): Promise<void> {
    this.checks.print();
    const quietly = async (step: () => Promise<unknown>): Promise<void> => {
      await step().catch(() => undefined);
    };
    await quietly(() => this.events?.stop() ?? Promise.resolve());
    await quietly(() => this.nats?.onApplicationShutdown() ?? Promise.resolve());
    await Promise.all(
      [...this.apps, this.sandboxApp].map((app) => quietly(() => app?.stop('SIGKILL') ?? Promise.resolve())),
    );
    if (this.rabbitMq) await quietly(() => this.rabbitMq?.destroy() ?? Promise.resolve());
    else await quietly(() => this.deleteSharedTopology());
    await quietly(() => this.redis?.stop() ?? Promise.resolve());
    await quietly(() => this.sql?.destroy() ?? Promise.resolve());
    await quietly(() => this.database?.drop() ?? Promise.resolve());
  }

  private get client(): TestRequester {
    if (!this.nats) throw new Error('the stack is not started');
    return this.nats;
  }

  private async boot(sandboxPort: number, workerPort: number): Promise<void> {
    const [database, rabbitMq, redis] = await Promise.all([
      createIsolatedDatabase(migrateDatabase),
      this.options.privateRabbitMq ? PrivateRabbitMq.start() : undefined,
      this.options.privateRedis ? PrivateRedis.start() : undefined,
    ]);
    this.database = database;
    this.rabbitMq = rabbitMq;
    this.redis = redis;
    this.sql = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    // The collector's queue exists before the first event is published, so it sees every one.
    this.events = await EventCollector.start(this.amqpUrl, rabbitMq ? `ppm.e2e.events.${this.run}` : undefined);
    const shared = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    this.sandboxApp = await startApp('gateway-sandbox', {
      PORT: String(sandboxPort),
      SANDBOX_PUBLIC_URL: this.sandboxUrl,
      SANDBOX_DEFAULT_IPN_URL: `${this.workerUrl}/api/v1/internal/ppm/gateway/webhook`,
      SANDBOX_REDELIVERY_INTERVAL_MS: '250',
      SANDBOX_ZALOPAY_REFUND_DELAY_MS: '150',
      LOG_LEVEL: 'warn',
    });
    this.commandEnv = {
      ...shared,
      AMQP_URL: this.amqpUrlAs('command'),
      GATEWAY_DEFAULT_BASE_URL: this.sandboxUrl,
      GATEWAY_TIMEOUT_MS: '5000',
      GATEWAY_BREAKER_RESET_MS: '1000',
      WORKER_PUBLIC_URL: this.workerUrl,
      OUTBOX_POLL_INTERVAL_MS: '100',
    };
    const started = await Promise.allSettled([
      startApp('command', this.commandEnv),
      startApp('query', {
        ...shared,
        AMQP_URL: this.amqpUrlAs('query'),
        REDIS_URL: redis?.url ?? testInfra.redisUrl,
        CACHE_INVALIDATION_QUEUE: this.invalidationQueue,
        CACHE_BREAKER_RESET_MS: '500',
      }),
      startApp('worker', {
        ...shared,
        AMQP_URL: this.amqpUrlAs('worker'),
        PORT: String(workerPort),
        GATEWAY_DEFAULT_BASE_URL: this.sandboxUrl,
        WEBHOOK_APPLY_TIMEOUT_MS: '3000',
        WEBHOOK_RETRY_DELAY_MS: '300',
        JOB_LEASE_TTL_MS: '3000',
        JOB_STUCK_PAYMENT_INTERVAL_MS: '500',
        JOB_STUCK_PAYMENT_AGE_MS: String(this.options.stuckPaymentAgeMs ?? 2_000),
        JOB_WEBHOOK_RETRY_INTERVAL_MS: '300',
        CONSUMER_RETRY_DELAYS_MS: CONSUMER_RETRY_DELAYS_MS.join(','),
        TENANT_DELETION_EXCHANGE: this.billingExchange,
        TENANT_DELETION_ROUTING_KEY: TENANT_DELETION_KEY,
        TENANT_DELETION_QUEUE: this.deletionQueue,
        NOTIFICATIONS_ENABLED: 'false',
        ...this.options.workerEnv,
      }),
    ]);
    // An app that started while another failed must still be stopped with the stack, or it keeps answering NATS.
    for (const app of started) if (app.status === 'fulfilled') this.apps.push(app.value);
    const [command, query, worker] = started.map((app) => {
      if (app.status === 'rejected') throw app.reason;
      return app.value;
    });
    if (!command || !query || !worker) throw new Error('unreachable: three apps were started');
    this.command = command;
    this.query = query;
    this.worker = worker;
    this.nats = await TestRequester.connect((settings) => NatsRequester.connect(settings), {
      name: `flows-e2e-${this.run}`,
      requestTimeoutMs: 15_000,
    });
    this.tenant = await this.addTenant();
  }

  /**
   * Publishes TenantDataDeletionRequested as the billing context does (its own user, the only one allowed to):
   * persistent, confirmed, id as messageId.
   */
  async requestTenantDeletion(tenantId: string, eventId: string = randomUUID()): Promise<string> {
    const connection = await connect(this.amqpUrlAs('billing'));
    try {
      const channel = await connection.createConfirmChannel();
      const body = {
        id: eventId,
        type: 'TenantDataDeletionRequested',
        occurredAt: new Date().toISOString(),
        data: { tenantId, requestedBy: 'billing' },
      };
      await new Promise<void>((resolve, reject) =>
        channel.publish(
          this.billingExchange,
          TENANT_DELETION_KEY,
          Buffer.from(JSON.stringify(body)),
          { persistent: true, mandatory: true, messageId: eventId, contentType: 'application/json' },
          (error: unknown) => (error ? reject(new Error('TenantDataDeletionRequested not confirmed')) : resolve()),
        ),
      );
      return eventId;
    } finally {
      await connection.close();
    }
  }

  // The browser opening VNPay's payment URL is what creates the order at VNPay.
  private async openPaymentPage(payment: ProcessPaymentReply): Promise<void> {
    const response = await fetch(payment.paymentUrl ?? '');
    if (!response.ok) throw new Error(`VNPay payment page answered ${response.status} for ${payment.transactionId}`);
    await response.arrayBuffer();
  }

  // Durable queues the apps declared on the shared broker, named after this run: gone with the stack.
  private async deleteSharedTopology(): Promise<void> {
    const connection = await connect(testInfra.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const deletion = consumerTopologyOf({
        queue: this.deletionQueue,
        bindings: [],
        retryDelaysMs: CONSUMER_RETRY_DELAYS_MS,
        deliveryLimit: 1,
      });
      for (const queue of [
        this.invalidationQueue,
        deletion.queue,
        deletion.deadLetterQueue,
        ...deletion.retryQueues.map((q) => q.name),
      ]) {
        await channel.deleteQueue(queue);
      }
      await channel.deleteExchange(deletion.retryExchange);
      await channel.deleteExchange(this.billingExchange);
    } finally {
      await connection.close();
    }
  }
}
