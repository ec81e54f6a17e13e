import type { GatewayType, PaymentMethodType } from '../port/gateway-types';

/** What one gateway takes, checked before PPM stores or sends anything for it. */
export interface GatewayCapabilities {
  /** ISO 4217 codes the gateway charges and refunds in. */
  currencies: readonly string[];
  /**
   * The currency of the amounts in the gateway's callbacks and status answers, which name none (VNPay vnp_Amount,
   * MoMo and ZaloPay amount): a reported amount is compared with a payment's in this currency.
   */
  reportsIn: string;
  paymentMethods: readonly PaymentMethodType[];
  /** Inclusive bounds of one payment, in minor units of the currency. */
  amountLimits: { min: bigint; max: bigint };
  partialRefunds: boolean;
  /**
   * How money goes back: through the gateway's refund API, or by a bank transfer the merchant makes itself, which
   * PPM only records when an operator says it was made (VietQR: a bank account has no refund API).
   */
  refunds: 'gateway' | 'manual';
}

const CAPABILITIES: Readonly<Record<GatewayType, GatewayCapabilities>> = {
  // vnp_CurrCode takes VND only. The payment page refuses amounts outside 5,000 to under 1,000,000,000 VND.
  VNPAY: {
    currencies: ['VND'],
    reportsIn: 'VND',
    paymentMethods: ['QR_CODE', 'ATM_CARD', 'INTERNATIONAL_CARD', 'BANK_TRANSFER', 'E_WALLET'],
    amountLimits: { min: 5_000n, max: 999_999_999n },
    partialRefunds: true,
    refunds: 'gateway',
  },
  // AIO v2 takes VND, 1,000 to 50,000,000 per order; requestType captureWallet, payWithATM, payWithCC.
  MOMO: {
    currencies: ['VND'],
    reportsIn: 'VND',
    paymentMethods: ['E_WALLET', 'QR_CODE', 'ATM_CARD', 'INTERNATIONAL_CARD'],
    amountLimits: { min: 1_000n, max: 50_000_000n },
    partialRefunds: true,
    refunds: 'gateway',
  },
  // v2 takes VND. Its create API documents no per-order bound: the wallet's and banks' own limits are ZaloPay's
  // refusals to make.
  ZALOPAY: {
    currencies: ['VND'],
    reportsIn: 'VND',
    paymentMethods: ['E_WALLET', 'QR_CODE', 'ATM_CARD', 'INTERNATIONAL_CARD', 'BANK_TRANSFER'],
    amountLimits: { min: 1n, max: BigInt(Number.MAX_SAFE_INTEGER) },
    partialRefunds: true,
    refunds: 'gateway',
  },
  // A NAPAS 247 transfer carries whole VND up to 499,999,999 per transfer; the QR is the only way in.
  VIETQR: {
    currencies: ['VND'],
    reportsIn: 'VND',
    paymentMethods: ['QR_CODE'],
    amountLimits: { min: 1n, max: 499_999_999n },
    partialRefunds: true,
    refunds: 'manual',
  },
};

/** What a gateway takes: currencies, payment methods, amount limits, partial refunds. */
export function gatewayCapabilities(gatewayType: GatewayType): GatewayCapabilities {
  return CAPABILITIES[gatewayType];
}

/** Why a gateway cannot take a payment or refund, or null when it can. */
export type CapabilityRefusal = 'UNSUPPORTED_CURRENCY' | 'UNSUPPORTED_PAYMENT_METHOD' | 'AMOUNT_OUT_OF_RANGE';

/** Whether a gateway can take a payment of `amount` minor units of `currency` by `paymentMethod`. */
export function paymentRefusal(
  gatewayType: GatewayType,
  currency: string,
  amount: bigint,
  paymentMethod: PaymentMethodType,
): CapabilityRefusal | null {
  const capabilities = CAPABILITIES[gatewayType];
  if (!capabilities.currencies.includes(currency)) return 'UNSUPPORTED_CURRENCY';
  if (!capabilities.paymentMethods.includes(paymentMethod)) return 'UNSUPPORTED_PAYMENT_METHOD';
  const { min, max } = capabilities.amountLimits;
  return amount < min || amount > max ? 'AMOUNT_OUT_OF_RANGE' : null;
}

/** Why a gateway cannot take a refund as asked. */
export type RefundRefusal =
  'UNSUPPORTED_CURRENCY' | 'PARTIAL_REFUND_UNSUPPORTED' | 'MANUAL_REFUND_REQUIRED' | 'MANUAL_REFUND_UNSUPPORTED';

/**
 * Whether a gateway can refund `amount` of a payment of `paymentAmount` in `currency`, sent through it or, when
 * `manual`, recorded as made by the merchant's own bank transfer.
 */
export function refundRefusal(
  gatewayType: GatewayType,
  currency: string,
  amount: bigint,
  paymentAmount: bigint,
  manual = false,
): RefundRefusal | null {
  const capabilities = CAPABILITIES[gatewayType];
  if (!capabilities.currencies.includes(currency)) return 'UNSUPPORTED_CURRENCY';
  if (capabilities.refunds === 'manual' && !manual) return 'MANUAL_REFUND_REQUIRED';
  if (capabilities.refunds === 'gateway' && manual) return 'MANUAL_REFUND_UNSUPPORTED';
  return amount < paymentAmount && !capabilities.partialRefunds ? 'PARTIAL_REFUND_UNSUPPORTED' : null;
}
