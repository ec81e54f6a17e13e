import { scalarText } from '../shared/scalar-text';
import type { CallbackDecision, CallbackReply, RawCallback } from '../port/gateway-types';
import type { CallbackProtocol } from '../port/payment-gateway.port';

/**
 * MoMo's IPN replies: 204 acknowledges. A refusal (bad signature, unknown order, wrong amount) is a 4xx MoMo will
 * not be satisfied by either; our own failure is a 503 so MoMo delivers again.
 */
const STATUS: Record<CallbackDecision, number> = {
  APPLIED: 204,
  DUPLICATE: 204,
  UNKNOWN_ORDER: 404,
  INVALID_AMOUNT: 400,
  BAD_SIGNATURE: 401,
  MALFORMED: 400,
  RETRY_LATER: 503,
};

/** MoMo IPN: a JSON POST carrying partnerCode and orderId. */
export const momoCallbackProtocol: CallbackProtocol = {
  gatewayType: 'MOMO',
  reverifiable: true,
  merchantIdOf: (callback: RawCallback) => {
    const partnerCode = ipnField(callback, 'partnerCode');
    return typeof partnerCode === 'string' && partnerCode ? partnerCode : null;
  },
  // Read as the adapter reads it when verifying (a number's digits too), so both name the same order.
  referenceOf: (callback: RawCallback) => scalarText(ipnField(callback, 'orderId')) || null,
  replyFor: (decision: CallbackDecision): CallbackReply => ({ status: STATUS[decision] }),
};

function ipnField(callback: RawCallback, name: string): unknown {
  try {
    const ipn = JSON.parse(callback.rawBody) as unknown;
    return ipn && typeof ipn === 'object' ? (ipn as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}
