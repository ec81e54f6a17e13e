import type { PaymentOutcome } from '../port/gateway-types';

/** sub_return_code values that refuse our request as a request: nothing was performed. */
const REQUEST_ERRORS: ReadonlyMap<string, string> = new Map([
  ['-401', 'invalid data'],
  ['-402', 'invalid mac'],
  ['-429', 'rate limited'],
]);
/**
 * sub_return_code values that, with return_code 2, explicitly decline the payment or refund. ZaloPay's
 * documentation leaves most failure sub codes open: -2, -3, -13 and -14 are the ones the gateway sandbox answers
 * and must be checked against ZaloPay's own list before production.
 */
const DECLINES: ReadonlyMap<string, string> = new Map([
  ['-2', 'the payment failed'],
  ['-3', 'the customer cancelled'],
  ['-13', 'refund beyond what remains refundable'],
  ['-14', 'refund of a payment that was not paid'],
  ['-54', 'expired (the order, or a request outside its time window)'],
]);
/** return_code 2 with this sub code: ZaloPay does not know the order or refund asked about. */
const NOT_FOUND = '-101';

/**
 * What a ZaloPay answer's codes say: return_code 1 succeeded, 3 pending; 2 with a listed decline failed, with a
 * request error refused, with -101 not found. Anything else — -500 (system error), -68 (duplicate app_trans_id: the
 * order exists), an empty or undocumented sub code, an undocumented return_code — is unknown.
 */
export type ZalopayReading = PaymentOutcome | 'not_found' | 'refused' | 'unknown';

/** Reads a ZaloPay answer's return_code and sub_return_code. */
export function zalopayReading(returnCode: number, subReturnCode: string): ZalopayReading {
  if (subReturnCode === '-500') return 'unknown';
  if (returnCode === 1) return 'succeeded';
  if (returnCode === 3) return 'pending';
  if (returnCode !== 2) return 'unknown';
  if (REQUEST_ERRORS.has(subReturnCode)) return 'refused';
  if (subReturnCode === NOT_FOUND) return 'not_found';
  return DECLINES.has(subReturnCode) ? 'failed' : 'unknown';
}
