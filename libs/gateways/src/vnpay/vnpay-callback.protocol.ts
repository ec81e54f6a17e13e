import type { CallbackDecision, CallbackReply, RawCallback } from '../port/gateway-types';
import type { CallbackProtocol } from '../port/payment-gateway.port';

/** VNPay's IPN replies: HTTP 200 with RspCode. 00 and 02 end VNPay's retries; 99 makes it try again. */
const REPLIES: Record<CallbackDecision, [string, string]> = {
  APPLIED: ['00', 'Confirm Success'],
  DUPLICATE: ['02', 'Order already confirmed'],
  UNKNOWN_ORDER: ['01', 'Order not found'],
  INVALID_AMOUNT: ['04', 'Invalid amount'],
  BAD_SIGNATURE: ['97', 'Invalid signature'],
  MALFORMED: ['97', 'Invalid signature'],
  RETRY_LATER: ['99', 'Unknown error'],
};

/** VNPay IPN: a GET whose query carries vnp_TmnCode and vnp_TxnRef. */
export const vnpayCallbackProtocol: CallbackProtocol = {
  gatewayType: 'VNPAY',
  reverifiable: true,
  merchantIdOf: (callback: RawCallback) => queryText(callback, 'vnp_TmnCode'),
  referenceOf: (callback: RawCallback) => queryText(callback, 'vnp_TxnRef'),
  replyFor: (decision: CallbackDecision): CallbackReply => {
    const [RspCode, Message] = REPLIES[decision];
    return { status: 200, body: { RspCode, Message } };
  },
};

// A parameter repeated in the query arrives as an array: not one value to look anything up by.
function queryText(callback: RawCallback, name: string): string | null {
  const value: unknown = callback.query[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
