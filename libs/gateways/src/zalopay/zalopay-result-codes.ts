/**
 * ZaloPay sub_return_code values that refuse our request as a request: nothing was performed.
 * -401 invalid data, -402 invalid mac, -429 rate limited.
 */
const REQUEST_ERRORS = new Set(['-401', '-402', '-429']);
/**
 * sub_return_code values whose outcome is unknown: -500 ZaloPay's system error (the call may have been handled).
 * return_code 3 ("processing") is not an error but a pending answer, settled by polling.
 */
const UNKNOWN = new Set(['-500']);

/** How a ZaloPay answer that is not a result reads: a refusal, or an unknown outcome. */
export type ZalopayCallFailure = 'refused' | 'unknown';

/**
 * Reads a ZaloPay answer's codes: null when it is a result (return_code 1, 2 or 3 without a request error), else
 * whether the request was refused or its outcome is unknown (a system error, or a return_code ZaloPay does not
 * document).
 */
export function zalopayCallFailure(returnCode: number, subReturnCode: string): ZalopayCallFailure | null {
  if (UNKNOWN.has(subReturnCode)) return 'unknown';
  if (REQUEST_ERRORS.has(subReturnCode)) return 'refused';
  return [1, 2, 3].includes(returnCode) ? null : 'unknown';
}
