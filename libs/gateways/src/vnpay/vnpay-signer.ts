import { hmacHex, signaturesMatch } from '../shared/hmac';

/** Parameters VNPay never signs. */
const UNSIGNED = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

/**
 * The string VNPay signs for a payment URL, an IPN or a return URL: every non-empty `vnp_*` parameter except the
 * hash itself, sorted by key, `key=value` form-URL-encoded (URLSearchParams' encoding: space → `+`) and joined by
 * `&`. Any other key is ignored, as VNPay does.
 */
export function vnpaySignedQuery(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (key.startsWith('vnp_') && !UNSIGNED.has(key) && value !== undefined && value !== '') search.append(key, value);
  }
  return search.toString();
}

/** HMAC-SHA512 of the signed query with the merchant's hash secret. */
export function vnpaySignParams(params: Readonly<Record<string, string | undefined>>, hashSecret: string): string {
  return hmacHex('sha512', hashSecret, vnpaySignedQuery(params));
}

/** Whether `vnp_SecureHash` matches the other `vnp_*` parameters. */
export function vnpayVerifyParams(params: Readonly<Record<string, string | undefined>>, hashSecret: string): boolean {
  return signaturesMatch(vnpaySignParams(params, hashSecret), params['vnp_SecureHash']);
}

/** HMAC-SHA512 over fields joined by `|` (merchant_webapi querydr and refund, requests and responses). */
export function vnpaySignPipe(fields: readonly (string | number | undefined | null)[], hashSecret: string): string {
  return hmacHex('sha512', hashSecret, fields.map((f) => (f === undefined || f === null ? '' : String(f))).join('|'));
}

/** The fields of a merchant_webapi querydr response, in the order VNPay signs them. */
export const VNPAY_QUERY_RESPONSE_FIELDS = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
] as const;

/** The fields of a refund response, in signed order: the querydr ones without the two Promotion fields. */
export const VNPAY_REFUND_RESPONSE_FIELDS = VNPAY_QUERY_RESPONSE_FIELDS.slice(0, -2);
