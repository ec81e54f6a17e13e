import type { PaymentOutcome, PaymentResult } from '../port/gateway-types';

/**
 * vnp_ResponseCode of VNPay's merchant API (querydr, refund) that certainly refuse the request: VNPay did nothing
 * with it. Every other code other than 00 (done) — 94 a resent vnp_RequestId, 99 VNPay's own error, an empty or
 * undocumented code — leaves the outcome unknown.
 */
const DECLINED_RESPONSE_CODES: ReadonlyMap<string, string> = new Map([
  ['02', 'merchant not valid, or the request refused as it stands'],
  ['03', 'data sent in the wrong format'],
  ['91', 'no such transaction: there is nothing to refund'],
  ['93', 'invalid refund amount'],
  ['95', 'the original payment did not succeed: it cannot be refunded'],
  ['97', 'checksum refused: the request was not accepted at all'],
]);

/** Whether a VNPay merchant-API response code explicitly refuses the request (nothing was performed). */
export function isVnpayDeclined(responseCode: string): boolean {
  return DECLINED_RESPONSE_CODES.has(responseCode);
}

/**
 * What a vnp_TransactionStatus (IPN, querydr) says about the PAYMENT. Only 02 fails it. 04 (reversed: the customer
 * was debited but VNPay did not complete it) and 07 (debited, held for review) are unknown. 05, 06 and 09 are states
 * of a refund of a payment VNPay captured, so the payment succeeded. Anything else is unknown.
 */
export function vnpayPaymentStatus(transactionStatus: string | undefined): PaymentResult | 'unknown' {
  switch (transactionStatus) {
    case '00':
    case '05': // refund processing: the payment was captured
    case '06': // refund sent to the bank: the payment was captured
    case '09': // refund rejected: the payment was captured and stays so
      return 'succeeded';
    case '01':
      return 'pending';
    case '02':
      return 'failed';
    default:
      return 'unknown';
  }
}

/**
 * What a vnp_TransactionStatus reported for a refund transaction (vnp_TransactionType 02/03) says about the refund:
 * 00 refunded, 05/06 still processing, 09 rejected (the only decline); anything else is unknown.
 */
export function vnpayRefundStatus(transactionStatus: string): PaymentOutcome | 'unknown' {
  if (transactionStatus === '00') return 'succeeded';
  if (transactionStatus === '05' || transactionStatus === '06') return 'pending';
  if (transactionStatus === '09') return 'failed';
  return 'unknown';
}
