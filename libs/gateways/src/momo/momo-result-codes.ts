import type { PaymentResult } from '../port/gateway-types';

const SUCCEEDED = new Set([0, 9000]);
/** 1000 waiting for the customer, 7000 processing, 7002 processing by the card/bank provider, 8000 pending review. */
const PENDING = new Set([1000, 7000, 7002, 8000]);
/** Called off, no money moved: 1003 cancelled, 1017 cancelled by the merchant. */
const CANCELLED = new Set([1003, 1017]);
/** MoMo's explicit declines of a payment or refund. */
const DECLINED: ReadonlyMap<number, string> = new Map([
  [1001, 'insufficient funds'],
  [1002, 'declined by the issuer'],
  [1004, 'over the payment limit'],
  [1005, 'the payment URL or QR code expired'],
  [1006, 'the customer declined'],
  [1007, 'the account is locked'],
  [1080, 'refund rejected'],
  [1081, 'refund rejected'],
]);
/**
 * Codes that refuse our request as a request (nothing was performed): 10 system under maintenance, 11 access
 * denied, 12 unsupported API version, 13 merchant authentication failed, 20 bad format, 21 invalid amount, 22 amount
 * out of range.
 */
const REQUEST_ERRORS = new Set([10, 11, 12, 13, 20, 21, 22]);
const ORDER_NOT_FOUND = 42;

/** What a MoMo resultCode says about a payment or refund. */
export type MomoResult = PaymentResult | 'not_found' | 'request_error' | 'unknown';

/**
 * Reads a MoMo resultCode. Anything not listed is unknown: 40 (duplicate requestId) and 41 (duplicate orderId),
 * which answer a resend whose first answer was lost, 99, a missing code and any undocumented one.
 */
export function momoResult(resultCode: number): MomoResult {
  if (SUCCEEDED.has(resultCode)) return 'succeeded';
  if (PENDING.has(resultCode)) return 'pending';
  if (CANCELLED.has(resultCode)) return 'cancelled';
  if (DECLINED.has(resultCode)) return 'failed';
  if (REQUEST_ERRORS.has(resultCode)) return 'request_error';
  if (resultCode === ORDER_NOT_FOUND) return 'not_found';
  return 'unknown';
}
