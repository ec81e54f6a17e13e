/** How the customer pays, as PPM names it (`paymentMethodType`). */
export const PAYMENT_METHODS = ['E_WALLET', 'ATM_CARD', 'INTERNATIONAL_CARD', 'QR_CODE', 'BANK_TRANSFER'] as const;

/** One of PPM's payment methods. */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Whether `value` names one of PPM's payment methods. */
export function isPaymentMethod(value: string): value is PaymentMethod {
  return (PAYMENT_METHODS as readonly string[]).includes(value);
}
