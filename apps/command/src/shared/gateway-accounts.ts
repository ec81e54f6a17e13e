/** Where PPM's adapters reach a gateway, and where gateways send customers and callbacks back. */
export interface GatewayEndpoints {
  /** Base URL of a configuration that names none (the local sandbox by default). */
  defaultBaseUrl: string;
  /** Public URL of the worker: webhooks and browser returns land there. */
  workerPublicUrl: string;
}

/** The worker's webhook URL for a gateway. */
export function notifyUrlOf(endpoints: GatewayEndpoints, gatewayType: string): string {
  return `${endpoints.workerPublicUrl}/api/v1/internal/ppm/gateway/webhook/${gatewayType.toLowerCase()}`;
}

/** The worker's browser-return URL for a gateway. */
export function returnUrlOf(endpoints: GatewayEndpoints, gatewayType: string): string {
  return `${endpoints.workerPublicUrl}/api/v1/ppm/gateway/return/${gatewayType.toLowerCase()}`;
}
