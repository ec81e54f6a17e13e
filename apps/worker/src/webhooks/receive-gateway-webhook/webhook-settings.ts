/** Timings of webhook handling. */
export interface WebhookSettings {
  applyTimeoutMs: number;
  retryDelayMs: number;
  defaultBaseUrl: string;
}

/** Injection token of the WebhookSettings. */
export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');
