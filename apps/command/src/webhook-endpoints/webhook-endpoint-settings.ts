/** How the command service manages merchant webhook endpoints (from CommandConfig). */
export interface WebhookEndpointSettings {
  /** Endpoints one tenant may have. */
  perTenantLimit: number;
  /** https and public hosts only (checkMerchantUrl's production rules). */
  production: boolean;
}

/** Injection token of the WebhookEndpointSettings. */
export const WEBHOOK_ENDPOINT_SETTINGS = Symbol('WebhookEndpointSettings');

/** After a rotation the previous secret keeps signing beside the new one this long, so receivers can switch over. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3_600_000;
