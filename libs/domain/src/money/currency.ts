/**
 * ISO 4217 minor-unit exponents of the currencies PPM accepts. VND has none: 10,000 VND is `10000`.
 * Gateways' own units (VNPay's ×100) are the adapters' business, never the domain's.
 */
export const CURRENCY_EXPONENTS = {
  VND: 0,
  USD: 2,
  EUR: 2,
  SGD: 2,
  THB: 2,
  JPY: 0,
  KRW: 0,
} as const;

/** A currency PPM accepts. */
export type Currency = keyof typeof CURRENCY_EXPONENTS;

/** Whether `code` is a currency PPM accepts. */
export function isCurrency(code: string): code is Currency {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}
