import type { GatewayAccount } from '@ppm/gateways';
import type { StoredGatewayConfiguration } from '@ppm/domain';

/** Where PPM's adapters reach a gateway, and where gateways send customers and callbacks back. */
export interface GatewayEndpoints {
  /** Base URL of a configuration that names none (the local sandbox by default). */
  defaultBaseUrl: string;
  /** Public URL of the worker: webhooks and browser returns land there. */
  workerPublicUrl: string;
}

/** The adapter's view of a stored configuration: where to call and with which credentials. */
export function gatewayAccountOf(stored: StoredGatewayConfiguration, endpoints: GatewayEndpoints): GatewayAccount {
  const { id: configurationId, gatewayType, baseUrl } = stored.configuration;
  const target = { configurationId, baseUrl: baseUrl ?? endpoints.defaultBaseUrl };
  // The domain checked the fields when the configuration was added; '' only if a stored row was tampered with.
  const field = (name: string): string => stored.credentials[name] ?? '';
  switch (gatewayType) {
    case 'VNPAY':
      return { ...target, gatewayType, credentials: { tmnCode: field('tmnCode'), hashSecret: field('hashSecret') } };
    case 'MOMO':
      return {
        ...target,
        gatewayType,
        credentials: {
          partnerCode: field('partnerCode'),
          accessKey: field('accessKey'),
          secretKey: field('secretKey'),
        },
      };
    case 'ZALOPAY':
      return {
        ...target,
        gatewayType,
        credentials: { appId: field('appId'), key1: field('key1'), key2: field('key2') },
      };
  }
}

/** The worker's webhook URL for a gateway. */
export function notifyUrlOf(endpoints: GatewayEndpoints, gatewayType: string): string {
  return `${endpoints.workerPublicUrl}/api/v1/internal/ppm/gateway/webhook/${gatewayType.toLowerCase()}`;
}

/** The worker's browser-return URL for a gateway. */
export function returnUrlOf(endpoints: GatewayEndpoints, gatewayType: string): string {
  return `${endpoints.workerPublicUrl}/api/v1/ppm/gateway/return/${gatewayType.toLowerCase()}`;
}
