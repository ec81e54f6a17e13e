/** How the dispatcher works, from the worker's configuration. */
export interface DispatchSettings {
  retryScheduleMs: readonly number[];
  /** Attempts in flight at once in this instance. */
  concurrency: number;
  /** Attempts in flight at once to one endpoint or callback URL. */
  endpointConcurrency: number;
  pollIntervalMs: number;
  /** A claim outlives the longest attempt, so a live dispatcher never loses its deliveries to another. */
  claimForMs: number;
  breakerResetMs: number;
}

/** Injection token of the DispatchSettings. */
export const DISPATCH_SETTINGS = Symbol('MerchantWebhookDispatchSettings');
