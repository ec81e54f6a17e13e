/** Injection token of the GatewayConfigurationRepository port. */
export const GATEWAY_CONFIGURATIONS = Symbol('GatewayConfigurationRepository');
