import type { PaymentResult } from '../port/gateway-types';

const SUCCEEDED = new Set([0, 9000]);
/** 1000 waiting for the customer, 7000 processing, 7002 processing by the card/bank provider, 8000 pending review. */
const PENDING = new Set([1000, 7000, 7002, 8000]);
/** 1003 cancelled, 1017 cancelled by the merchant: called off, no money moved. 1006 (declined) is a failure. */
const CANCELLED = new Set([1003, 1017]);
const ORDER_NOT_FOUND = 42;
/**
 * Codes whose outcome is unknown: the operation may have happened.
 * - 40: duplicate requestId: MoMo already holds a request with this id, whose result we did not receive.
 * - 43: another similar transaction is being processed.
 * - 98: the QR code / order was not created successfully "please try again": MoMo itself says nothing final.
 * - 99: unknown error.
 */
const UNKNOWN = new Set([40, 43, 98, 99]);
/**
 * Codes that refuse our request as a request (nothing was performed), not the customer's payment: 10 system under
 * maintenance, 11 access denied, 12 unsupported API version, 13 merchant authentication failed, 20 bad format,
 * 21 invalid amount, 22 amount out of range, 41 duplicate orderId, 45 duplicate itemId.
 */
const REQUEST_ERRORS = new Set([10, 11, 12, 13, 20, 21, 22, 41, 45]);

/** What a MoMo resultCode says about a payment or refund. */
export type MomoResult = PaymentResult | 'not_found' | 'request_error' | 'unknown';

/** Reads a MoMo resultCode; any other code is a decline (1001–1007, 1026, 1080/1081, 1088, 4001, …); no code is unknown. */
export function momoResult(resultCode: number): MomoResult {
  if (SUCCEEDED.has(resultCode)) return 'succeeded';
  if (PENDING.has(resultCode)) return 'pending';
  if (CANCELLED.has(resultCode)) return 'cancelled';
  if (resultCode === ORDER_NOT_FOUND) return 'not_found';
  if (UNKNOWN.has(resultCode) || !Number.isInteger(resultCode)) return 'unknown';
  if (REQUEST_ERRORS.has(resultCode)) return 'request_error';
  return 'failed';
}
