import type { CallbackDecision, CallbackReply, RawCallback } from '../port/gateway-types';
import type { CallbackProtocol } from '../port/payment-gateway.port';
import { paymentCodeOf, readSepayNotification } from './sepay-notification';

// SePay takes any 2xx as delivered and retries anything else. A transfer that names no payment or the wrong
// amount is kept for an operator: redelivering it would change nothing, so it is acknowledged too.
const REPLIES: Record<CallbackDecision, CallbackReply> = {
  APPLIED: { status: 200, body: { success: true } },
  DUPLICATE: { status: 200, body: { success: true } },
  UNKNOWN_ORDER: { status: 200, body: { success: true } },
  INVALID_AMOUNT: { status: 200, body: { success: true } },
  BAD_SIGNATURE: { status: 401, body: { success: false, message: 'Unauthorized' } },
  MALFORMED: { status: 400, body: { success: false, message: 'Invalid payload' } },
  RETRY_LATER: { status: 503, body: { success: false, message: 'Temporarily unavailable, retry' } },
};

/**
 * VietQR transfers as SePay notifies them: a JSON POST per bank transaction of the account it watches. The
 * account number names the merchant; the payment code in the transfer's content names the payment, and a transfer
 * without one still comes from a known account, to be kept as unmatched.
 */
export const vietqrCallbackProtocol: CallbackProtocol = {
  gatewayType: 'VIETQR',
  reverifiable: false,
  merchantIdOf: (callback: RawCallback) => readSepayNotification(callback.rawBody)?.accountNumber || null,
  referenceOf: (callback: RawCallback) => {
    const notification = readSepayNotification(callback.rawBody);
    return notification ? paymentCodeOf(notification) : null;
  },
  replyFor: (decision: CallbackDecision): CallbackReply => REPLIES[decision],
};
