import type { GatewayAccount, GatewayType } from './port/gateway-types';
import type { CallbackProtocol, PaymentGateway } from './port/payment-gateway.port';
import { momoCallbackProtocol } from './momo/momo-callback.protocol';
import { MomoGateway } from './momo/momo.gateway';
import type { GatewayHttpClient } from './resilience/gateway-http-client';
import { vietqrCallbackProtocol } from './vietqr/vietqr-callback.protocol';
import { VietqrGateway } from './vietqr/vietqr.gateway';
import { vnpayCallbackProtocol } from './vnpay/vnpay-callback.protocol';
import { VnpayGateway } from './vnpay/vnpay.gateway';
import { zalopayCallbackProtocol } from './zalopay/zalopay-callback.protocol';
import { ZalopayGateway } from './zalopay/zalopay.gateway';

const CALLBACK_PROTOCOLS: Record<GatewayType, CallbackProtocol> = {
  VNPAY: vnpayCallbackProtocol,
  MOMO: momoCallbackProtocol,
  ZALOPAY: zalopayCallbackProtocol,
  VIETQR: vietqrCallbackProtocol,
};

/** Builds the adapter of one merchant account; all share the HTTP client (and so the per-configuration breakers). */
export class PaymentGateways {
  constructor(private readonly http: GatewayHttpClient) {}

  forAccount(account: GatewayAccount): PaymentGateway {
    const baseUrl = account.baseUrl.replace(/\/+$/, '');
    switch (account.gatewayType) {
      case 'VNPAY':
        return new VnpayGateway(account.configurationId, baseUrl, account.credentials, this.http);
      case 'MOMO':
        return new MomoGateway(account.configurationId, baseUrl, account.credentials, this.http);
      case 'ZALOPAY':
        return new ZalopayGateway(account.configurationId, baseUrl, account.credentials, this.http);
      case 'VIETQR':
        return new VietqrGateway(account.credentials);
      default:
        return assertNever(account);
    }
  }

  /** How a gateway's callbacks name their merchant and what they expect as a reply. */
  callbackProtocol(gatewayType: GatewayType): CallbackProtocol {
    return CALLBACK_PROTOCOLS[gatewayType];
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown gateway account ${JSON.stringify(value)}`);
}
