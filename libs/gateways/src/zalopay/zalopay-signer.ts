import { hmacHex } from '../shared/hmac';

/** ZaloPay's mac: HMAC-SHA256 over the given fields joined by `|`, lowercase hex. */
export function zalopayMac(key: string, fields: readonly (string | number)[]): string {
  return hmacHex('sha256', key, fields.map(String).join('|'));
}

/** The mac of a callback: HMAC-SHA256(key2) over the `data` string exactly as received. */
export function zalopayCallbackMac(key2: string, rawData: string): string {
  return hmacHex('sha256', key2, rawData);
}
