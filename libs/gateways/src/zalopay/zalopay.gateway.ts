import { failure, success } from '@ppm/domain';
import { GatewayCallError } from '../port/gateway-call.error';
import type {
  CallbackCheck,
  CreatedPayment,
  CreatePaymentRequest,
  PaymentStatus,
  QueryPaymentRequest,
  QueryRefundRequest,
  RawCallback,
  RefundRequest,
  RefundStatus,
  ZalopayCredentials,
} from '../port/gateway-types';
import { integerCode, optionalId, scalarText } from '../shared/scalar-text';
import type { PaymentGateway } from '../port/payment-gateway.port';
import { gatewaySafeText } from '../shared/ascii-text';
import { gmt7DatePrefix } from '../shared/gmt7';
import { signaturesMatch } from '../shared/hmac';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import { zalopayReading } from './zalopay-result-codes';
import { zalopayCallbackMac, zalopayMac } from './zalopay-signer';

const MAX_APP_TRANS_ID = 40;
/** An app_trans_id as create builds it: `yymmdd_` (GMT+7) and our reference. */
const APP_TRANS_ID = /^\d{6}_/;

/**
 * ZaloPay v2 for one app. It calls back only on success: failures and expiries are found by polling `query`.
 * Refunds are asynchronous (`pending` until `query_refund` says otherwise).
 */
export class ZalopayGateway implements PaymentGateway {
  readonly gatewayType = 'ZALOPAY';

  constructor(
    private readonly configurationId: string,
    private readonly baseUrl: string,
    private readonly credentials: ZalopayCredentials,
    private readonly http: GatewayHttpClient,
  ) {}

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const appTransId = `${gmt7DatePrefix(request.createdAt)}_${request.reference}`;
    if (appTransId.length > MAX_APP_TRANS_ID) {
      throw GatewayCallError.refused(`ZaloPay app_trans_id ${appTransId} is over 40 characters`, 'REFERENCE_TOO_LONG');
    }
    const fields = {
      app_id: Number(this.credentials.appId),
      app_user: 'ppm',
      app_trans_id: appTransId,
      app_time: request.createdAt.getTime(),
      amount: Number(request.amount),
      item: '[]',
      embed_data: JSON.stringify({ redirecturl: request.returnUrl }),
    };
    const body = {
      ...fields,
      description: gatewaySafeText(request.description) || `Thanh toan ${request.reference}`,
      callback_url: request.notifyUrl,
      expire_duration_seconds: Math.max(
        300,
        Math.round((request.expiresAt.getTime() - request.createdAt.getTime()) / 1000),
      ),
      mac: zalopayMac(this.credentials.key1, [
        fields.app_id,
        fields.app_trans_id,
        fields.app_user,
        fields.amount,
        fields.app_time,
        fields.embed_data,
        fields.item,
      ]),
    };
    const reply = await this.post('create', body, false);
    const returnCode = integerCode(reply['return_code']);
    if (returnCode !== 1 || typeof reply['order_url'] !== 'string') {
      const subCode = scalarText(reply['sub_return_code']);
      const reading = zalopayReading(returnCode, subCode);
      throw failureOf('order', returnCode, subCode, reading === 'refused' || reading === 'failed');
    }
    return { paymentUrl: reply['order_url'], gatewayReference: appTransId, expiresAt: request.expiresAt, raw: reply };
  }

  verifyCallback(callback: RawCallback): CallbackCheck {
    let envelope: { data?: unknown; mac?: unknown };
    try {
      envelope = JSON.parse(callback.rawBody) as { data?: unknown; mac?: unknown };
    } catch {
      return failure('MALFORMED');
    }
    if (typeof envelope?.data !== 'string' || typeof envelope.mac !== 'string') return failure('MALFORMED');
    // The mac covers `data` exactly as received: it is checked before, and never after, parsing it.
    if (!signaturesMatch(zalopayCallbackMac(this.credentials.key2, envelope.data), envelope.mac)) {
      return failure('BAD_SIGNATURE');
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(envelope.data) as Record<string, unknown>;
    } catch {
      return failure('MALFORMED');
    }
    const zpTransId = rawNumberField(envelope.data, 'zp_trans_id');
    const amount = scalarText(data['amount']);
    if (typeof data['app_trans_id'] !== 'string' || !zpTransId || !/^\d+$/.test(amount)) return failure('MALFORMED');
    return success({
      gatewayReference: data['app_trans_id'],
      gatewayTransactionId: zpTransId,
      amount: BigInt(amount),
      outcome: 'succeeded',
      rawCodes: { type: scalarText((envelope as { type?: unknown }).type), channel: scalarText(data['channel']) },
      dedupKey: `${data['app_trans_id']}:${zpTransId}`,
    });
  }

  async queryPayment(request: QueryPaymentRequest): Promise<PaymentStatus> {
    const appId = this.credentials.appId;
    // A payment whose create call never got its answer still holds our bare reference: ZaloPay knows the order by
    // the app_trans_id create built from it and the payment's creation date.
    const appTransId = APP_TRANS_ID.test(request.gatewayReference)
      ? request.gatewayReference
      : `${gmt7DatePrefix(request.createdAt)}_${request.gatewayReference}`;
    const body = {
      app_id: Number(appId),
      app_trans_id: appTransId,
      mac: zalopayMac(this.credentials.key1, [appId, appTransId, this.credentials.key1]),
    };
    const reply = await this.post('query', body, true);
    const returnCode = integerCode(reply['return_code']);
    const subCode = scalarText(reply['sub_return_code']);
    const outcome = zalopayReading(returnCode, subCode);
    if (outcome === 'refused' || outcome === 'unknown') {
      throw failureOf('query', returnCode, subCode, outcome === 'refused');
    }
    const zpTransId = reply['zp_trans_id'];
    return {
      outcome,
      gatewayTransactionId: optionalId(zpTransId),
      amount: /^\d+$/.test(scalarText(reply['amount'])) ? BigInt(scalarText(reply['amount'])) : null,
      rawCode: `${returnCode}/${subCode}`,
      raw: reply,
    };
  }

  async refund(request: RefundRequest): Promise<RefundStatus> {
    const appId = this.credentials.appId;
    // m_refund_id must read yymmdd_<app_id>_<unique>; an id that already has the form is reused as it is, so a
    // retried refund keeps its id even on another day.
    const prefix = new RegExp(`^\\d{6}_${appId}_`);
    const refundId = prefix.test(request.refundRequestId)
      ? request.refundRequestId
      : `${gmt7DatePrefix(request.now)}_${appId}_${request.refundRequestId}`;
    const timestamp = request.now.getTime();
    const description = gatewaySafeText(request.reason) || 'Refund';
    const body = {
      app_id: Number(appId),
      m_refund_id: refundId,
      zp_trans_id: request.gatewayTransactionId,
      amount: Number(request.amount),
      timestamp,
      description,
      mac: zalopayMac(this.credentials.key1, [
        appId,
        request.gatewayTransactionId,
        Number(request.amount),
        description,
        timestamp,
      ]),
    };
    return this.refundStatus(await this.post('refund', body, false), refundId, 'failed');
  }

  async queryRefund(request: QueryRefundRequest): Promise<RefundStatus> {
    const appId = this.credentials.appId;
    const timestamp = request.now.getTime();
    const body = {
      app_id: Number(appId),
      m_refund_id: request.refundRequestId,
      timestamp,
      mac: zalopayMac(this.credentials.key1, [appId, request.refundRequestId, timestamp]),
    };
    return this.refundStatus(await this.post('query_refund', body, true), request.refundRequestId, 'pending');
  }

  // `notFound`: what -101 means here. Sending a refund, ZaloPay does not know the payment, so nothing was refunded;
  // querying one, "not seen" is no decline (the refund may be in transit, or was sent on another day's id).
  private refundStatus(reply: Record<string, unknown>, refundId: string, notFound: 'failed' | 'pending'): RefundStatus {
    const returnCode = integerCode(reply['return_code']);
    const subCode = scalarText(reply['sub_return_code']);
    const reading = zalopayReading(returnCode, subCode);
    if (reading === 'refused' || reading === 'unknown') {
      throw failureOf('refund', returnCode, subCode, reading === 'refused');
    }
    return {
      outcome: reading === 'not_found' ? notFound : reading,
      gatewayRefundId: optionalId(reply['refund_id']),
      refundRequestId: refundId,
      rawCode: `${returnCode}/${scalarText(reply['sub_return_code'])}`,
      raw: reply,
    };
  }

  private post(path: string, body: Record<string, unknown>, idempotent: boolean): Promise<Record<string, unknown>> {
    return this.http.postJson({
      gateway: this.gatewayType,
      configurationId: this.configurationId,
      url: `${this.baseUrl}/v2/${path}`,
      body,
      idempotent,
    });
  }
}

// PPM's own words and ZaloPay's codes: tenants read this message, never ZaloPay's return_message.
function failureOf(
  call: 'order' | 'query' | 'refund',
  returnCode: number,
  subCode: string,
  refused: boolean,
): GatewayCallError {
  const code = `${returnCode}/${subCode}`;
  return refused
    ? GatewayCallError.refused(`ZaloPay refused the ${call} (code ${code})`, subCode)
    : GatewayCallError.unknown(`ZaloPay could not say how the ${call} went (code ${code})`, subCode);
}

// zp_trans_id has 15 digits: read it from the raw JSON text so no number conversion can touch it.
function rawNumberField(json: string, field: string): string | null {
  const match = new RegExp(`"${field}"\\s*:\\s*"?(\\d+)"?`).exec(json);
  return match?.[1] ?? null;
}
