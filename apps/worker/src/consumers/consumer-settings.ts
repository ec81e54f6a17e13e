import type { ConsumerBinding, RetryLadder } from '@ppm/messaging';

/** How the worker's consumers run (from WorkerConfig). */
export interface ConsumerSettings {
  prefetch: number;
  /** The worker's retry ladder, shared by its consumers. */
  retry: RetryLadder;
  tenantDeletion: { queue: string; binding: ConsumerBinding };
  purgeTimeoutMs: number;
}

/** Injection token of the ConsumerSettings. */
export const CONSUMER_SETTINGS = Symbol('ConsumerSettings');
