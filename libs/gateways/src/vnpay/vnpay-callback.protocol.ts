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

/** VNPay IPN: a GET whose query carries vnp_TmnCode. */
export const vnpayCallbackProtocol: CallbackProtocol = {
  gatewayType: 'VNPAY',
  merchantIdOf: (callback: RawCallback) => callback.query['vnp_TmnCode'] || null,
  replyFor: (decision: CallbackDecision): CallbackReply => {
    const [RspCode, Message] = REPLIES[decision];
    return { status: 200, body: { RspCode, Message } };
  },
};
