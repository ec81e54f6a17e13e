/** How the command service manages merchant webhook endpoints (from CommandConfig). */
export interface WebhookEndpointSettings {
  /** Endpoints one tenant may have. */
  perTenantLimit: number;
  /** https and public hosts only (checkMerchantUrl's production rules). */
  production: boolean;
  /** After a rotation the previous secret keeps signing beside the new one this long, so receivers can switch over. */
  rotationOverlapMs: number;
}

/** Injection token of the WebhookEndpointSettings. */
export const WEBHOOK_ENDPOINT_SETTINGS = Symbol('WebhookEndpointSettings');
