import { failure, GATEWAY_TYPES } from '@ppm/domain';
import type { GatewayType } from '../port/gateway-types';
import { checkOutboundUrl, type OutboundUrlCheck, type OutboundUrlRules } from './outbound-url-policy';

/** The gateways' own production and sandbox hosts: the base URLs allowed unless the platform configures others. */
export const OFFICIAL_GATEWAY_BASE_URLS: Readonly<Record<GatewayType, readonly string[]>> = {
  VNPAY: ['https://sandbox.vnpayment.vn', 'https://pay.vnpay.vn', 'https://merchant.vnpay.vn'],
  MOMO: ['https://test-payment.momo.vn', 'https://payment.momo.vn'],
  ZALOPAY: ['https://sb-openapi.zalopay.vn', 'https://openapi.zalopay.vn'],
  // PPM never calls a bank for VietQR; its statements come from a drop directory in production.
  VIETQR: [],
};

/** Where gateway calls may go, as the platform (never a tenant) configures it. */
export interface GatewayUrlSettings {
  production: boolean;
  /** Allowed base URLs (origins) per gateway type. */
  allowedBaseUrls: Readonly<Record<GatewayType, readonly string[]>>;
  /** The local gateway sandbox: allowed for every gateway type outside production, ignored in production. */
  localSandboxUrl: string;
  /** Refuse hosts resolving to non-public addresses; on in production whatever this says. */
  checkAddresses?: boolean;
}

/** Checks the URLs of one kind of outbound call, and says whether resolved addresses are checked too. */
export interface OutboundUrlGuard {
  readonly checkAddresses: boolean;
  check(url: string): OutboundUrlCheck;
}

/**
 * The platform's allowlist of gateway base URLs, and the URL rules of every outbound call: a tenant picks one of
 * its gateway's allowed base URLs when it adds a configuration, and every call is checked again against the list
 * (a stored base URL the list no longer holds is never called).
 */
export class GatewayUrlAllowlist {
  readonly checkAddresses: boolean;
  private readonly rules: OutboundUrlRules;
  private readonly allowed: ReadonlyMap<string, readonly string[]>;

  constructor(settings: GatewayUrlSettings) {
    const local = settings.production ? [] : [new URL(settings.localSandboxUrl).origin];
    this.rules = { production: settings.production, trustedLocalOrigins: local };
    this.checkAddresses = settings.production || settings.checkAddresses === true;
    this.allowed = new Map(
      GATEWAY_TYPES.map((type) => [
        type,
        [...new Set([...settings.allowedBaseUrls[type].map((entry) => this.originOf(entry)), ...local])],
      ]),
    );
  }

  /** The base URLs a configuration of `gatewayType` may name. */
  allowedBaseUrls(gatewayType: string): readonly string[] {
    return this.allowed.get(gatewayType) ?? [];
  }

  /** A base URL a configuration names: exactly one of its gateway's allowed base URLs (a trailing "/" aside). */
  checkBaseUrl(gatewayType: string, baseUrl: string): OutboundUrlCheck {
    const checked = checkOutboundUrl(baseUrl, this.rules);
    const allowed = this.allowedBaseUrls(gatewayType);
    if (checked.ok && checked.value.pathname === '/' && allowed.includes(checked.value.origin)) return checked;
    return failure(`baseUrl must be one of: ${allowed.join(', ') || '(none configured)'}`);
  }

  /** Calls to a gateway of `gatewayType`: the URL's origin must be one of its allowed base URLs. */
  forGateway(gatewayType: string): OutboundUrlGuard {
    const allowed = this.allowedBaseUrls(gatewayType);
    return {
      checkAddresses: this.checkAddresses,
      check: (url) => {
        const checked = checkOutboundUrl(url, this.rules);
        if (!checked.ok || allowed.includes(checked.value.origin)) return checked;
        return failure(`must be on one of the allowed ${gatewayType} base URLs`);
      },
    };
  }

  /** URLs the platform operator sets (a settlement-file host, the CLI's --url): the general rules only. */
  forOperatorUrls(): OutboundUrlGuard {
    return { checkAddresses: this.checkAddresses, check: (url) => checkOutboundUrl(url, this.rules) };
  }

  // A configured entry must itself obey the rules: a bad list fails the process at start, not a call at night.
  private originOf(entry: string): string {
    const checked = checkOutboundUrl(entry, this.rules);
    if (!checked.ok || checked.value.pathname !== '/') {
      const reason = checked.ok ? 'must be an origin, without a path' : checked.error;
      throw new Error(`allowed gateway base URL ${entry} ${reason}`);
    }
    return checked.value.origin;
  }
}
