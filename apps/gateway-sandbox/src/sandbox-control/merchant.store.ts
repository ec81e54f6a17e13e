import { Injectable, Logger } from '@nestjs/common';
import type {
  GatewayType,
  MomoCredentials,
  VietqrCredentials,
  VnpayCredentials,
  ZalopayCredentials,
} from '@ppm/gateways';
import { SandboxConfig } from '../sandbox.config';
import { DEMO_MERCHANTS } from './demo-merchants';
import { readMerchantList, type MerchantRegistration } from './merchant-registration';

/** A VNPay merchant keeps its IPN URL with the gateway. */
export type VnpayMerchant = VnpayCredentials & { ipnUrl: string };

/** A ZaloPay app's registered callback URL, used when an order names none. */
export type ZalopayMerchant = ZalopayCredentials & { callbackUrl: string };

/** A bank account watched by SePay, which posts each of its transfers to the account's webhook URL. */
export type VietqrAccount = VietqrCredentials & { webhookUrl: string };

/**
 * The merchants the sandbox knows, by the id each gateway uses (VNPay tmnCode, MoMo partnerCode, ZaloPay appId,
 * VietQR account number):
 * the demo merchants, SANDBOX_MERCHANTS, and those registered at run time. Registering an id again replaces it.
 */
@Injectable()
export class MerchantStore {
  private readonly logger = new Logger(MerchantStore.name);
  private readonly vnpay = new Map<string, VnpayMerchant>();
  private readonly momo = new Map<string, MomoCredentials>();
  private readonly zalopay = new Map<string, ZalopayMerchant>();
  private readonly vietqr = new Map<string, VietqrAccount>();
  private readonly defaultIpnUrl: string;

  constructor(config: SandboxConfig) {
    this.defaultIpnUrl = config.SANDBOX_DEFAULT_IPN_URL.replace(/\/+$/, '');
    const preloaded = config.SANDBOX_MERCHANTS ? readMerchantList(config.SANDBOX_MERCHANTS) : [];
    for (const registration of [...DEMO_MERCHANTS, ...preloaded]) this.register(registration);
  }

  register(registration: MerchantRegistration): { gatewayType: GatewayType; merchantId: string } {
    const { gatewayType } = registration;
    let merchantId: string;
    switch (registration.gatewayType) {
      case 'VNPAY':
        merchantId = registration.credentials.tmnCode;
        this.vnpay.set(merchantId, {
          ...registration.credentials,
          ipnUrl: registration.ipnUrl ?? `${this.defaultIpnUrl}/vnpay`,
        });
        break;
      case 'MOMO':
        // MoMo takes the IPN URL with each order: a registered one is accepted and not used.
        merchantId = registration.credentials.partnerCode;
        this.momo.set(merchantId, { ...registration.credentials });
        break;
      case 'ZALOPAY':
        merchantId = registration.credentials.appId;
        this.zalopay.set(merchantId, {
          ...registration.credentials,
          callbackUrl: registration.ipnUrl ?? `${this.defaultIpnUrl}/zalopay`,
        });
        break;
      case 'VIETQR':
        merchantId = registration.credentials.accountNumber;
        this.vietqr.set(merchantId, {
          ...registration.credentials,
          webhookUrl: registration.ipnUrl ?? `${this.defaultIpnUrl}/vietqr`,
        });
        break;
    }
    this.logger.log(`registered ${gatewayType} merchant ${merchantId}`);
    return { gatewayType, merchantId };
  }

  vnpayMerchant(tmnCode: string): VnpayMerchant | undefined {
    return this.vnpay.get(tmnCode);
  }

  momoPartner(partnerCode: string): MomoCredentials | undefined {
    return this.momo.get(partnerCode);
  }

  zalopayApp(appId: string): ZalopayMerchant | undefined {
    return this.zalopay.get(appId);
  }

  vietqrAccount(accountNumber: string): VietqrAccount | undefined {
    return this.vietqr.get(accountNumber);
  }

  /** Whether a merchant id is registered at a gateway. */
  has(gatewayType: GatewayType, merchantId: string): boolean {
    const byGateway = { VNPAY: this.vnpay, MOMO: this.momo, ZALOPAY: this.zalopay, VIETQR: this.vietqr }[gatewayType];
    return byGateway.has(merchantId);
  }
}
