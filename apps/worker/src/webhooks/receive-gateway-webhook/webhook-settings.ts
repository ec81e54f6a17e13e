import type { GatewayType } from '@ppm/gateways';

/** How webhooks are handled: timings, and what is kept of a request that fails verification. */
export interface WebhookSettings {
  applyTimeoutMs: number;
  retryDelayMs: number;
  defaultBaseUrl: string;
  /** Raw query, body and each kept header of an unverified request are stored cut to this many characters. */
  unverifiedMaxChars: number;
}

/** Injection token of the WebhookSettings. */
export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');

/** Who may reach the webhook endpoints, and how often (requests per minute, per worker instance). */
export interface WebhookAdmissionSettings {
  /** From one source address to one gateway's endpoint. */
  perSourcePerMinute: number;
  /** To one gateway's endpoint from all its allowed sources together. */
  perGatewayPerMinute: number;
  /** Addresses and CIDR ranges each gateway's callbacks may come from; empty allows any. */
  allowlists: Record<GatewayType, readonly string[]>;
}

/** Injection token of the WebhookAdmissionSettings. */
export const WEBHOOK_ADMISSION_SETTINGS = Symbol('WebhookAdmissionSettings');
