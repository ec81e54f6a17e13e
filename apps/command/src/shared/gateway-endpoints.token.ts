/** Injection token of the GatewayEndpoints (default gateway base URL, worker's public URL). */
export const GATEWAY_ENDPOINTS = Symbol('GatewayEndpoints');
