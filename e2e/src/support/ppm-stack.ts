import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  GATEWAY_TYPES,
  Subjects,
  type ProcessPaymentReply,
  type Reply,
  type RequestMeta,
  type TransactionView,
} from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import type { BusRole } from '@ppm/observability';
import {
  eventually,
  TestStack,
  type AppProcess,
  type HoppedServer,
  type PrivateNats,
  type PrivatePostgres,
  type PrivateRabbitMq,
  type PrivateRedis,
  type SandboxControl,
  type TcpHop,
} from '@ppm/testing';
import { publishTenantDeletion } from './billing-events';
import { CheckLog } from './check-log';
import { EventCollector } from './event-collector';
import { credentialsFor } from './gateway-fixture';
import { ppmStackSetup } from './ppm-stack-setup';
import type { Completion, PaymentOptions, StackOptions, StackTenant, StoredWebhook } from './ppm-stack-types';

export type { Completion, PaymentOptions, StackOptions, StackTenant, StoredWebhook } from './ppm-stack-types';

/** The gateways whose customers pay on a gateway's page; a VietQR payer pays from a bank app (e2e/src/vietqr). */
export const GATEWAYS: readonly GatewayType[] = GATEWAY_TYPES.filter((gatewayType) => gatewayType !== 'VIETQR');

/**
 * PPM as it runs in production (see `TestStack`: the sandbox, the command, query and worker services as processes
 * over a database of the stack's own), with a tenant and a collector of PPM's events, driven only through PPM's
 * public surfaces: NATS requests, the sandbox's customer actions (which make it call the worker's webhooks),
 * RabbitMQ events and the billing context's exchange. The database is read only to count what the surfaces do not
 * show (webhook rows, outbox rows).
 */
export class PpmStack {
  readonly checks: CheckLog;
  tenant!: StackTenant;
  events!: EventCollector;

  private constructor(
    readonly options: StackOptions,
    private readonly stack: TestStack,
    /** The billing context's exchange for TenantDataDeletionRequested (the stack's own, so no other worker hears it). */
    readonly billingExchange: string,
  ) {
    this.checks = new CheckLog(options.title);
  }

  static async start(options: StackOptions): Promise<PpmStack> {
    const { run, billingExchange, stackOptions } = ppmStackSetup(options);
    const stack = await TestStack.start(stackOptions);
    const ppm = new PpmStack(options, stack, billingExchange);
    try {
      // The collector's queue exists before the first event is published (the tenant's), so it sees every one.
      ppm.events = await EventCollector.start(stack.amqpUrl, stack.rabbitMq ? `ppm.e2e.events.${run}` : undefined);
      ppm.tenant = await ppm.addTenant();
    } catch (error) {
      await ppm.stop();
      throw error;
    }
    return ppm;
  }

  get sandbox(): SandboxControl {
    return this.stack.sandbox;
  }

  get sandboxUrl(): string {
    return this.stack.sandboxUrl;
  }

  get workerUrl(): string {
    return this.stack.workerUrl;
  }

  get sql(): DataSource {
    return this.stack.sql;
  }

  get command(): AppProcess {
    return this.stack.app('command');
  }

  get query(): AppProcess {
    return this.stack.app('query');
  }

  get worker(): AppProcess {
    return this.stack.app('worker');
  }

  get rabbitMq(): PrivateRabbitMq | undefined {
    return this.stack.rabbitMq;
  }

  get redis(): PrivateRedis | undefined {
    return this.stack.redis;
  }

  get postgres(): PrivatePostgres | undefined {
    return this.stack.postgres;
  }

  /** The stack's read replica of its own Postgres, when it has one. */
  get replica(): PrivatePostgres | undefined {
    return this.stack.replica;
  }

  get nats(): PrivateNats | undefined {
    return this.stack.natsServer;
  }

  /** The hop between `app` and `server`, when the stack was started with it (`StackOptions.hops`). */
  hop(app: 'command' | 'query' | 'worker', server: HoppedServer): TcpHop {
    return this.stack.hop(app, server);
  }

  /** The RabbitMQ the stack's apps use, as its administrator (the stack's observers and cleanup). */
  get amqpUrl(): string {
    return this.stack.amqpUrl;
  }

  /** The stack's RabbitMQ as `role`'s user. */
  amqpUrlAs(role: BusRole): string {
    return this.stack.amqpUrlAs(role);
  }

  /**
   * Sends a command or query over NATS as an internal service would (a settling command as the worker would),
   * with the stack's tenant unless told.
   */
  request<T>(subject: string, data: unknown, meta: Partial<RequestMeta> = {}): Promise<Reply<T>> {
    return this.stack.requester.request<T>(subject, data, { ...meta, tenantId: meta.tenantId ?? this.tenant.tenantId });
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
    const reply = await this.attemptPayment(gatewayType, options);
    if (!reply.success) throw new Error(`${Subjects.command.paymentProcess} refused: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /** Like `pay`, but a refusal is returned, not thrown (fault tests count what callers are answered). */
  async attemptPayment(gatewayType: GatewayType, options: PaymentOptions = {}): Promise<Reply<ProcessPaymentReply>> {
    const tenant = options.tenant ?? this.tenant;
    const reply = await this.request<ProcessPaymentReply>(
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
    if (reply.success && gatewayType === 'VNPAY') await this.openPaymentPage(reply.data);
    return reply;
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
    await this.stack.restart('command');
  }

  /** Starts `app` again with the same settings (after it was killed), as the stack's instance of it. */
  restart(app: 'command' | 'query' | 'worker'): Promise<AppProcess> {
    return this.stack.restart(app);
  }

  /** Another instance of `app` on the same servers, in the same queue groups. */
  startAnother(app: 'command' | 'query' | 'worker'): Promise<AppProcess> {
    return this.stack.startAnother(app);
  }

  /** Stops everything the stack started and prints what was checked; safe to call after a failed start. */
  async stop(): Promise<void> {
    this.checks.print();
    await this.events?.stop().catch(() => undefined);
    await this.stack.stop();
  }

  /** Publishes TenantDataDeletionRequested to the stack's billing exchange as the billing context does. */
  requestTenantDeletion(tenantId: string, eventId?: string): Promise<string> {
    return publishTenantDeletion(this.amqpUrlAs('billing'), this.billingExchange, tenantId, eventId);
  }

  // The browser opening VNPay's payment URL is what creates the order at VNPay.
  private async openPaymentPage(payment: ProcessPaymentReply): Promise<void> {
    const response = await fetch(payment.paymentUrl ?? '');
    if (!response.ok) throw new Error(`VNPay payment page answered ${response.status} for ${payment.transactionId}`);
    await response.arrayBuffer();
  }
}
