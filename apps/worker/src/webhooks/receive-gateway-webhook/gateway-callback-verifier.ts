import { Inject, Injectable } from '@nestjs/common';
import {
  GATEWAY_CONFIGURATION_READER,
  type GatewayConfigurationReader,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import {
  gatewayAccountOf,
  PaymentGateways,
  type CallbackCheck,
  type CallbackRejection,
  type GatewayType,
  type RawCallback,
  type VerifiedCallback,
} from '@ppm/gateways';
import { CallbackPaymentLookup } from '@ppm/persistence';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings';

/**
 * What checking a callback came to: signed by the configuration that opened its payment (to apply), signed by an
 * active configuration of its merchant but naming no payment (answered "unknown order"), or refused.
 */
export type CallbackVerification =
  | {
      kind: 'VERIFIED' | 'UNKNOWN_ORDER';
      stored: StoredGatewayConfiguration;
      callback: VerifiedCallback;
      /** The payment the callback names (VERIFIED only). */
      transactionId?: string;
    }
  | { kind: 'REFUSED'; rejection: CallbackRejection };

/**
 * Verifies a callback with the configuration that opened the payment it names, and only with that one, active or
 * not: a deactivated or superseded configuration still settles its own payments in flight, and no other
 * configuration of the same merchant code (another tenant's, a test or a rotated one) can settle them. The
 * payment is found by the gateway's reference across tenants, so a merchant code several tenants registered
 * reaches the right one. A callback naming no payment (or none we know) can only be answered "unknown order", and
 * only when an active configuration of its merchant signed it; anything else is a bad signature.
 */
@Injectable()
export class GatewayCallbackVerifier {
  constructor(
    @Inject(GATEWAY_CONFIGURATION_READER) private readonly configurations: GatewayConfigurationReader,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    private readonly payments: CallbackPaymentLookup,
    private readonly gateways: PaymentGateways,
  ) {}

  async verify(gatewayType: GatewayType, callback: RawCallback): Promise<CallbackVerification> {
    const protocol = this.gateways.callbackProtocol(gatewayType);
    const merchantId = protocol.merchantIdOf(callback);
    const reference = protocol.referenceOf(callback);
    if (!merchantId) return { kind: 'REFUSED', rejection: 'MALFORMED' };
    // A bank transfer whose content names no payment is still signed by its account: kept as an unknown order.
    const payment = reference ? await this.payments.find(gatewayType, reference) : null;
    if (!payment) return this.verifyUnknownOrder(gatewayType, merchantId, callback);
    const stored = payment.gatewayConfigurationId
      ? await this.configurations.findById(payment.tenantId, payment.gatewayConfigurationId)
      : null;
    // A callback naming another merchant than the one the payment was opened with has no key of ours to vouch for it.
    if (!stored || stored.configuration.merchantId !== merchantId) {
      return { kind: 'REFUSED', rejection: 'UNKNOWN_MERCHANT' };
    }
    const check = this.check(stored, callback);
    if (!check.ok) return { kind: 'REFUSED', rejection: check.error };
    // The adapter must have read the very order the payment was looked up by, or the signature vouches for another.
    if (check.value.gatewayReference !== reference) return { kind: 'REFUSED', rejection: 'MALFORMED' };
    return { kind: 'VERIFIED', stored, callback: check.value, transactionId: payment.transactionId };
  }

  private async verifyUnknownOrder(
    gatewayType: GatewayType,
    merchantId: string,
    callback: RawCallback,
  ): Promise<CallbackVerification> {
    const candidates = (await this.configurations.findByMerchant(gatewayType, merchantId)).filter(
      (stored) => stored.configuration.isActive,
    );
    let rejection: CallbackRejection = candidates.length === 0 ? 'UNKNOWN_MERCHANT' : 'BAD_SIGNATURE';
    for (const stored of candidates) {
      const check = this.check(stored, callback);
      if (check.ok) return { kind: 'UNKNOWN_ORDER', stored, callback: check.value };
      if (check.error === 'MALFORMED') rejection = 'MALFORMED';
    }
    return { kind: 'REFUSED', rejection };
  }

  private check(stored: StoredGatewayConfiguration, callback: RawCallback): CallbackCheck {
    return this.gateways.forAccount(gatewayAccountOf(stored, this.settings.defaultBaseUrl)).verifyCallback(callback);
  }
}
