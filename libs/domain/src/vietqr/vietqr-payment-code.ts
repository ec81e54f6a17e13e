const PREFIX = 'PPM';

/** A payment code anywhere in a text, as banks forward transfer contents: upper case, 16 hex digits after `PPM`. */
export const VIETQR_PAYMENT_CODE = /PPM[0-9A-F]{16}/;

/**
 * The short code a VietQR transfer's content carries to name its payment: `PPM` and the first 16 hex digits of
 * the payment's gateway reference (64 random bits), 19 characters, within the 25 a VietQR purpose holds. Upper
 * case, letters and digits only, because banks upper-case contents and drop punctuation.
 */
export function vietQrPaymentCode(reference: string): string {
  return `${PREFIX}${reference.replace(/-/g, '').slice(0, 16).toUpperCase()}`;
}

/**
 * The payment code in a transfer's content or a statement line, as the payer's bank forwarded it: banks upper- or
 * lower-case it and may put their own words around it. Null when the text names no payment.
 */
export function paymentCodeIn(text: string): string | null {
  return VIETQR_PAYMENT_CODE.exec(text.toUpperCase())?.[0] ?? null;
}
