/**
 * vnp_ResponseCode of VNPay's merchant API (querydr, refund) whose outcome is unknown: the refund or query may have
 * been handled, so nothing may be released on it.
 * - 94: a request with this vnp_RequestId was already received (a resend: its first answer was lost).
 * - 99: "other error", VNPay's catch-all for its own failures.
 * Every other code is final: 00 done, 91 transaction not found, 95 the original payment did not succeed
 * (refund declined), 97 checksum refused, 02/03 merchant or format refused.
 */
const UNKNOWN_RESPONSE_CODES = new Set(['94', '99']);

/** Whether a VNPay merchant-API response code leaves the outcome unknown. */
export function isVnpayOutcomeUnknown(responseCode: string): boolean {
  return UNKNOWN_RESPONSE_CODES.has(responseCode);
}

/**
 * vnp_TransactionStatus (IPN and querydr) whose outcome for the payment is unknown: 07, "suspected fraud": the
 * customer was debited, VNPay holds the transaction for review. Neither a capture nor a failure; the status sync
 * and reconciliation settle it. (00 paid, 01 not completed yet, 02 failed are final or pending as they say.)
 */
const UNKNOWN_TRANSACTION_STATUSES = new Set(['07']);

/** Whether a VNPay transaction status leaves the payment's outcome unknown. */
export function isVnpayStatusUnknown(transactionStatus: string | undefined): boolean {
  return transactionStatus !== undefined && UNKNOWN_TRANSACTION_STATUSES.has(transactionStatus);
}
