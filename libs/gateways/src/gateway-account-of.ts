import type { StoredGatewayConfiguration } from '@ppm/domain';
import type { GatewayAccount } from './port/gateway-types';

/**
 * The adapter's view of a stored configuration: where to call (its base URL, else `defaultBaseUrl`) and with
 * which credentials.
 */
export function gatewayAccountOf(stored: StoredGatewayConfiguration, defaultBaseUrl: string): GatewayAccount {
  const { id: configurationId, gatewayType, baseUrl } = stored.configuration;
  const target = { configurationId, baseUrl: baseUrl ?? defaultBaseUrl };
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
    case 'VIETQR':
      return {
        ...target,
        gatewayType,
        credentials: {
          bankBin: field('bankBin'),
          accountNumber: field('accountNumber'),
          accountName: field('accountName'),
          notificationSecret: field('notificationSecret'),
        },
      };
  }
}
