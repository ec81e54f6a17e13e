import type { PaymentResult } from '../port/gateway-types';

const SUCCEEDED = new Set([0, 9000]);
const PENDING = new Set([1000, 7000, 7002, 8000]);
/** 1003 cancelled, 1017 cancelled by the merchant: called off, no money moved. 1006 (declined) is a failure. */
const CANCELLED = new Set([1003, 1017]);
const ORDER_NOT_FOUND = 42;
/** Codes that mean our request was wrong or refused as a request, not that the customer's payment failed. */
const REQUEST_ERRORS = new Set([10, 11, 12, 13, 20, 21, 22, 40, 41, 43, 45, 98, 99]);

/** What a MoMo resultCode says about a payment or refund. */
export type MomoResult = PaymentResult | 'not_found' | 'request_error';

/** Reads a MoMo resultCode. */
export function momoResult(resultCode: number): MomoResult {
  if (SUCCEEDED.has(resultCode)) return 'succeeded';
  if (PENDING.has(resultCode)) return 'pending';
  if (CANCELLED.has(resultCode)) return 'cancelled';
  if (resultCode === ORDER_NOT_FOUND) return 'not_found';
  if (REQUEST_ERRORS.has(resultCode)) return 'request_error';
  return 'failed';
}
