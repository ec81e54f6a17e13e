import type { GatewayType } from '@ppm/gateways';
import type { HoppedServer } from '@ppm/testing';

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
  /** The stack's database on a Postgres server of its own (for tests that shut it down). */
  privatePostgres?: boolean;
  /** A streaming replica of that Postgres, where the query service reads (for tests that stop it). */
  readReplica?: boolean;
  /** A NATS server of the stack's own (for tests that stop it). */
  privateNats?: boolean;
  /** Servers an app reaches through a hop the test degrades (see `PpmStack.hop`). */
  hops?: Partial<Record<'command' | 'query' | 'worker', readonly HoppedServer[]>>;
  /** How long the test's NATS requests wait for a reply (15 s unless told). */
  requestTimeoutMs?: number;
  /** Extra environment of the gateway sandbox (e.g. a slower redelivery), over the stack's own. */
  sandboxEnv?: Record<string, string>;
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
