import { randomUUID } from 'node:crypto';
import {
  Subjects,
  type GatewayConfigReply,
  type ProcessPaymentReply,
  type Reply,
  type WebhookEndpointWithSecret,
} from '@ppm/contracts';
import { consumerTopologyOf, NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { TestStack, type AppEnv } from '@ppm/testing';
import { credentialsFor } from './gateway-fixture';

const RETRY_DELAYS_MS = [200, 1_000];

/** A delivery as the database holds it, for what a spec counts. */
export interface StoredDelivery {
  id: string;
  event_id: string;
  event_type: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempt_count: number;
}

/** The environment of the stack's apps over what every merchant webhook spec needs; the HTTP edge runs if given. */
export interface MerchantWebhookStackEnv {
  worker?: AppEnv;
  command?: AppEnv;
  gateway?: AppEnv;
}

/**
 * The running stack of the merchant webhook specs: command, query and worker from dist/ with the sandbox, a private
 * NATS, the worker's queues under the spec's own names, one tenant with a MoMo configuration, and the steps those
 * specs repeat (an endpoint, a payment paid in the sandbox, the deliveries stored).
 */
export class MerchantWebhookStack {
  private configurationId = '';

  private constructor(
    readonly stack: TestStack,
    readonly tenantId: string,
  ) {}

  /** Starts it for `tenantId` (a spec that signs tokens for the tenant before the stack runs names it). */
  static async start(
    name: string,
    env: MerchantWebhookStackEnv = {},
    tenantId: string = randomUUID(),
  ): Promise<MerchantWebhookStack> {
    const run = randomUUID().slice(0, 8);
    const topologies = ['merchant-webhooks', 'tenant-data-deletion'].map((consumer) =>
      consumerTopologyOf({
        queue: `ppm.worker.${consumer}.e2e-${name}-${run}`,
        bindings: [],
        retryDelaysMs: RETRY_DELAYS_MS,
        deliveryLimit: 1,
      }),
    );
    const [fanOut, deletion] = topologies;
    const stack = await TestStack.start({
      name: `${name}-${run}`,
      migrate: migrateDatabase,
      privateNats: true,
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 15_000 },
      commonEnv: { LOG_LEVEL: 'warn' },
      sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '250' },
      apps: {
        command: { OUTBOX_POLL_INTERVAL_MS: '100', ...env.command },
        query: { CACHE_INVALIDATION_QUEUE: `ppm.query.cache-invalidation.e2e-${name}-${run}` },
        worker: {
          JOBS_ENABLED: 'false',
          NOTIFICATIONS_ENABLED: 'false',
          CONSUMER_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
          TENANT_DELETION_QUEUE: deletion.queue,
          MERCHANT_WEBHOOK_FANOUT_QUEUE: fanOut.queue,
          MERCHANT_WEBHOOK_POLL_INTERVAL_MS: '100',
          ...env.worker,
        },
        ...(env.gateway ? { gateway: env.gateway } : {}),
      },
      sharedTopology: {
        queues: topologies.flatMap((topology) => [
          topology.queue,
          topology.deadLetterQueue,
          ...topology.retryQueues.map((queue) => queue.name),
        ]),
        exchanges: topologies.map((topology) => topology.retryExchange),
      },
    });
    const hooks = new MerchantWebhookStack(stack, tenantId);
    try {
      const credentials = credentialsFor('MOMO') as unknown as Record<string, string>;
      await stack.sandbox.registerMerchant('MOMO', credentials);
      const added = await hooks.request<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
        gatewayType: 'MOMO',
        name: 'MoMo e2e',
        credentials,
        supportedPaymentMethods: ['E_WALLET'],
        isDefault: true,
      });
      hooks.configurationId = added.id;
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return hooks;
  }

  /** Sends a command or query as the tenant; a refusal throws with its error. */
  async request<T>(subject: string, data: unknown): Promise<T> {
    const reply: Reply<T> = await this.stack.requester.request<T>(subject, data, { tenantId: this.tenantId });
    if (!reply.success) throw new Error(`${subject} refused: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /** A new endpoint of the tenant, with its secret. */
  endpoint(url: string, eventTypes?: string[]): Promise<WebhookEndpointWithSecret> {
    return this.request<WebhookEndpointWithSecret>(Subjects.command.webhookEndpointCreate, { url, eventTypes });
  }

  /** A payment the customer pays in the sandbox, whose gateway then calls the worker back; its id. */
  async paidPayment(extra: Record<string, unknown> = {}): Promise<string> {
    const payment = await this.request<ProcessPaymentReply>(Subjects.command.paymentProcess, {
      sourceBoundedContext: 'orders',
      sourceTransactionId: `ORD-${randomUUID()}`,
      amount: 150_000,
      currency: 'VND',
      paymentMethodType: 'E_WALLET',
      description: 'Order e2e',
      returnUrl: 'https://shop.example/return',
      gatewayConfigurationId: this.configurationId,
      ...extra,
    });
    await this.stack.sandbox.complete('MOMO', payment.gatewayReference ?? '', 'succeeded');
    return payment.transactionId;
  }

  /** The endpoint's deliveries as stored. */
  deliveriesOf(endpointId: string): Promise<StoredDelivery[]> {
    return this.stack.sql.query<StoredDelivery[]>(
      `SELECT id, event_id, event_type, status, attempt_count FROM webhook_deliveries WHERE endpoint_id = $1`,
      [endpointId],
    );
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }
}
