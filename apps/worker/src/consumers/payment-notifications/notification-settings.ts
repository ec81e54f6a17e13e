import type { RetryLadder } from '@ppm/messaging';

/** How payment outcome events become notification requests (from WorkerConfig). */
export interface NotificationSettings {
  /** Consume and notify on this instance (also off when the worker's consumers are off). */
  enabled: boolean;
  /** PPM's own queue for the outcome events, bound to `ppm.events` (with `.retry.*` and `.dlq` beside it). */
  queue: string;
  prefetch: number;
  retry: RetryLadder;
  /** The notification context's NATS subject for a send request. */
  subject: string;
  /** How long a request may wait for the notifier's reply. */
  timeoutMs: number;
  breaker: NotificationBreakerSettings;
}

/** The breaker in front of the notification context. */
export interface NotificationBreakerSettings {
  /** Requests in the rolling window before the error share is judged. */
  volumeThreshold: number;
  /** Share of failed requests in the window that opens the breaker. */
  errorThresholdPercentage: number;
  /** How long the open breaker fails requests fast before letting a trial one through. */
  resetTimeoutMs: number;
  rollingCountTimeoutMs: number;
}

/** Injection token of the NotificationSettings. */
export const NOTIFICATION_SETTINGS = Symbol('NotificationSettings');
