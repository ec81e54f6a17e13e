import { failure, success, type Result } from '@ppm/domain';
import {
  signaturesMatch,
  zalopayMac,
  type CallbackRejection,
  type GatewayAccount,
  type GatewayType,
  type PaymentGateway,
} from '@ppm/gateways';

/** The browser's return parameters, one string each. */
export type ReturnQuery = Record<string, string>;

/** What checking a return link came to: the gateway reference of the order it names, or why it is refused. */
export type ReturnCheck = Result<string, CallbackRejection>;

// ZaloPay's redirect parameters, in the order its checksum covers them: HMAC-SHA256(key2, appid|apptransid|…|status).
const ZALOPAY_RETURN_FIELDS = ['appid', 'apptransid', 'pmcid', 'bankcode', 'amount', 'discountamount', 'status'];

/**
 * The query string as single strings, or null when a parameter repeats or is not text: a gateway never sends
 * that, and guessing which copy was signed would be verifying something else than what arrived.
 */
export function returnQueryOf(raw: unknown): ReturnQuery | null {
  if (!raw || typeof raw !== 'object') return {};
  const query: ReturnQuery = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return null;
    query[key] = value;
  }
  return query;
}

/**
 * The merchant a return link claims to come from: VNPay vnp_TmnCode, MoMo partnerCode, ZaloPay appid. A VietQR
 * payer never leaves their bank app, so no return link names a VietQR merchant.
 */
export function merchantOfReturn(gatewayType: GatewayType, query: ReturnQuery): string | null {
  if (gatewayType === 'VIETQR') return null;
  const field = { VNPAY: 'vnp_TmnCode', MOMO: 'partnerCode', ZALOPAY: 'appid' }[gatewayType];
  return query[field] || null;
}

/**
 * Verifies a return link's signature with one merchant account:
 * - VNPay signs the return query exactly as its IPN (the same vnp_* parameters): the adapter's IPN check.
 * - MoMo's redirect carries the IPN's fields and signature as query parameters: the adapter's IPN check over them
 *   as a JSON body. Values stay text (MoMo signs the digits, and transId would not survive a float).
 * - ZaloPay's redirect has its own checksum, over `appid|apptransid|pmcid|bankcode|amount|discountamount|status`
 *   with key2.
 */
export function verifyReturn(query: ReturnQuery, account: GatewayAccount, adapter: PaymentGateway): ReturnCheck {
  switch (account.gatewayType) {
    case 'VNPAY':
      return fromCallback(adapter.verifyCallback({ method: 'GET', query, rawBody: '', headers: {} }));
    case 'MOMO':
      return fromCallback(
        adapter.verifyCallback({ method: 'GET', query: {}, rawBody: JSON.stringify(query), headers: {} }),
      );
    case 'ZALOPAY': {
      const values = ZALOPAY_RETURN_FIELDS.map((field) => query[field]);
      const reference = query['apptransid'];
      if (values.some((value) => value === undefined) || !reference || !query['checksum']) {
        return failure('MALFORMED');
      }
      const expected = zalopayMac(account.credentials.key2, values);
      return signaturesMatch(expected, query['checksum']) ? success(reference) : failure('BAD_SIGNATURE');
    }
    case 'VIETQR':
      return failure('MALFORMED');
  }
}

function fromCallback(check: ReturnType<PaymentGateway['verifyCallback']>): ReturnCheck {
  return check.ok ? success(check.value.gatewayReference) : failure(check.error);
}
