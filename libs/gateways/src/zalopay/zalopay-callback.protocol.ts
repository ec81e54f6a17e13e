import { scalarText } from '../shared/scalar-text';
import type { CallbackDecision, CallbackReply, RawCallback } from '../port/gateway-types';
import type { CallbackProtocol } from '../port/payment-gateway.port';

/** ZaloPay's callback replies: return_code 1 done (a duplicate too), -1 refused, 0 "call me again". */
const REPLIES: Record<CallbackDecision, [number, string]> = {
  APPLIED: [1, 'success'],
  DUPLICATE: [1, 'already processed'],
  UNKNOWN_ORDER: [-1, 'order not found'],
  INVALID_AMOUNT: [-1, 'amount mismatch'],
  BAD_SIGNATURE: [-1, 'mac not equal'],
  MALFORMED: [-1, 'invalid data'],
  RETRY_LATER: [0, 'temporarily unavailable, retry'],
};

/** ZaloPay callback: a JSON POST `{ data, mac, type }` whose `data` string carries app_id and app_trans_id. */
export const zalopayCallbackProtocol: CallbackProtocol = {
  gatewayType: 'ZALOPAY',
  reverifiable: true,
  merchantIdOf: (callback: RawCallback) => {
    const appId = dataField(callback, 'app_id');
    return appId === undefined || appId === null ? null : scalarText(appId);
  },
  referenceOf: (callback: RawCallback) => {
    const appTransId = dataField(callback, 'app_trans_id');
    return typeof appTransId === 'string' && appTransId ? appTransId : null;
  },
  replyFor: (decision: CallbackDecision): CallbackReply => {
    const [return_code, return_message] = REPLIES[decision];
    return { status: 200, body: { return_code, return_message } };
  },
};

function dataField(callback: RawCallback, name: string): unknown {
  try {
    const { data } = JSON.parse(callback.rawBody) as { data?: unknown };
    if (typeof data !== 'string') return undefined;
    const fields = JSON.parse(data) as unknown;
    return fields && typeof fields === 'object' ? (fields as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}
