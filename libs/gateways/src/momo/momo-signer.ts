import { hmacHex } from '../shared/hmac';
import { scalarText } from '../shared/scalar-text';

/** The fields, in MoMo's fixed order, of each signed message. `accessKey` is signed though never sent. */
export const MOMO_SIGNED_FIELDS = {
  create: [
    'accessKey',
    'amount',
    'extraData',
    'ipnUrl',
    'orderId',
    'orderInfo',
    'partnerCode',
    'redirectUrl',
    'requestId',
    'requestType',
  ],
  ipn: [
    'accessKey',
    'amount',
    'extraData',
    'message',
    'orderId',
    'orderInfo',
    'orderType',
    'partnerCode',
    'payType',
    'requestId',
    'responseTime',
    'resultCode',
    'transId',
  ],
  query: ['accessKey', 'orderId', 'partnerCode', 'requestId'],
  refund: ['accessKey', 'amount', 'description', 'orderId', 'partnerCode', 'requestId', 'transId'],
  // UNCONFIRMED: the three answer field sets below are PPM's own choice, not MoMo's. MoMo's documentation publishes
  // the signed fields of requests and of the IPN only; its tables of the query and refund answers list no signature
  // field, and no field set for any answer's signature was found. These cover every field PPM acts on (result,
  // amount, ids) plus the message and response time. An answer failing the check is an unknown outcome (never acted
  // on, never a decline); confirm against MoMo's test environment before production.
  createResponse: [
    'accessKey',
    'amount',
    'message',
    'orderId',
    'partnerCode',
    'payUrl',
    'requestId',
    'responseTime',
    'resultCode',
  ],
  queryResponse: [
    'accessKey',
    'amount',
    'extraData',
    'message',
    'orderId',
    'partnerCode',
    'payType',
    'refundTrans',
    'requestId',
    'responseTime',
    'resultCode',
    'transId',
  ],
  refundResponse: [
    'accessKey',
    'amount',
    'message',
    'orderId',
    'partnerCode',
    'requestId',
    'responseTime',
    'resultCode',
    'transId',
  ],
} as const;

/** A MoMo message kind. */
export type MomoMessage = keyof typeof MOMO_SIGNED_FIELDS;

/**
 * `key=value&…` over raw (not URL-encoded) values in MoMo's order; numbers as decimal digits; a list (a query's
 * refundTrans) as its compact JSON, so no refund it reports can be altered unnoticed.
 */
export function momoSignedString(kind: MomoMessage, values: Readonly<Record<string, unknown>>): string {
  return MOMO_SIGNED_FIELDS[kind].map((key) => `${key}=${signedText(values[key])}`).join('&');
}

function signedText(value: unknown): string {
  return Array.isArray(value) ? JSON.stringify(value) : scalarText(value);
}

/** HMAC-SHA256 of the signed string with the partner's secretKey. */
export function momoSign(kind: MomoMessage, values: Readonly<Record<string, unknown>>, secretKey: string): string {
  return hmacHex('sha256', secretKey, momoSignedString(kind, values));
}
