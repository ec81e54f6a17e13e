import type { ConsumerBinding } from '@ppm/messaging';

/** How the worker's consumers run (from WorkerConfig). */
export interface ConsumerSettings {
  enabled: boolean;
  amqpUrl: string;
  prefetch: number;
  retryDelaysMs: readonly number[];
  maxAttempts: number;
  /** Unacknowledged deliveries (crashes mid-handler) after which the broker dead-letters a message itself. */
  deliveryLimit: number;
  tenantDeletion: { queue: string; binding: ConsumerBinding };
  purgeTimeoutMs: number;
}

/** Injection token of the ConsumerSettings. */
export const CONSUMER_SETTINGS = Symbol('ConsumerSettings');
