import { parseVietQrPayload } from '@ppm/domain';

/** What a VietQR payload asks the payer's bank app, or why it cannot be shown. */
export type VietQrReading =
  | {
      ok: true;
      bankBin: string;
      accountNumber: string;
      /** VND; null for a static code, where the payer types the amount. */
      amount: number | null;
      purpose: string | null;
    }
  | { ok: false; reason: string };

/**
 * Reads a payment's VietQR payload with the domain's parser, which checks its CRC and NAPAS fields: a damaged
 * payload is shown as such instead of as a code a bank app would refuse or, worse, misread.
 */
export function readVietQr(payload: string): VietQrReading {
  const parsed = parseVietQrPayload(payload);
  if (!parsed.ok) return { ok: false, reason: parsed.error.message };
  const { bankBin, accountNumber, amount, purpose } = parsed.value;
  return { ok: true, bankBin, accountNumber, amount: amount === null ? null : Number(amount), purpose };
}
