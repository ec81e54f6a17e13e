import { GatewayCallError, refundOutcomeUnknown } from '../port/gateway-call.error';
import type {
  CallbackCheck,
  CreatedPayment,
  CreatePaymentRequest,
  MomoCredentials,
  PaymentMethodType,
  PaymentStatus,
  QueryPaymentRequest,
  RawCallback,
  RefundRequest,
  RefundStatus,
} from '../port/gateway-types';
import { optionalId, scalarText } from '../shared/scalar-text';
import type { PaymentGateway } from '../port/payment-gateway.port';
import { gatewaySafeText } from '../shared/ascii-text';
import { signaturesMatch } from '../shared/hmac';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import { momoResult } from './momo-result-codes';
import { momoSign } from './momo-signer';

const REQUEST_TYPES: Partial<Record<PaymentMethodType, string>> = {
  ATM_CARD: 'payWithATM',
  INTERNATIONAL_CARD: 'payWithCC',
};
/** MoMo asks its clients to wait at least 30 s for create. */
const CREATE_TIMEOUT_MS = 30_000;
/** MoMo: this requestId was already used (for a refund: the refund request exists). */
const DUPLICATE_REQUEST_ID = 40;
const IPN_FIELDS = ['partnerCode', 'orderId', 'requestId', 'amount', 'resultCode', 'transId', 'signature'];

/** MoMo AIO v2 for one partner. Amounts are VND as they are (no ×100). */
export class MomoGateway implements PaymentGateway {
  readonly gatewayType = 'MOMO';

  constructor(
    private readonly configurationId: string,
    private readonly baseUrl: string,
    private readonly credentials: MomoCredentials,
    private readonly http: GatewayHttpClient,
  ) {}

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const fields = {
      partnerCode: this.credentials.partnerCode,
      requestId: request.requestId,
      amount: Number(request.amount),
      orderId: request.reference,
      orderInfo: gatewaySafeText(request.description) || `Thanh toan ${request.reference}`,
      redirectUrl: request.returnUrl,
      ipnUrl: request.notifyUrl,
      requestType: REQUEST_TYPES[request.paymentMethod] ?? 'captureWallet',
      extraData: '',
    };
    const reply = await this.post(
      'create',
      { ...fields, lang: 'vi', signature: this.sign('create', fields) },
      false,
      CREATE_TIMEOUT_MS,
    );
    const resultCode = Number(reply['resultCode']);
    if (resultCode !== 0 || typeof reply['payUrl'] !== 'string') {
      throw new GatewayCallError(
        'GATEWAY_ERROR',
        `MoMo refused the order: ${scalarText(reply['message'])}`,
        String(resultCode),
      );
    }
    return {
      paymentUrl: reply['payUrl'],
      gatewayReference: request.reference,
      expiresAt: request.expiresAt,
      raw: reply,
    };
  }

  verifyCallback(callback: RawCallback): CallbackCheck {
    let ipn: Record<string, unknown>;
    try {
      ipn = JSON.parse(callback.rawBody) as Record<string, unknown>;
    } catch {
      return { ok: false, rejection: 'MALFORMED' };
    }
    if (!ipn || typeof ipn !== 'object' || IPN_FIELDS.some((f) => ipn[f] === undefined || ipn[f] === null)) {
      return { ok: false, rejection: 'MALFORMED' };
    }
    if (!signaturesMatch(this.sign('ipn', ipn), ipn['signature'])) return { ok: false, rejection: 'BAD_SIGNATURE' };
    const resultCode = Number(ipn['resultCode']);
    const amount = scalarText(ipn['amount']);
    if (!/^\d+$/.test(amount)) return { ok: false, rejection: 'MALFORMED' };
    const result = momoResult(resultCode);
    return {
      ok: true,
      callback: {
        gatewayReference: scalarText(ipn['orderId']),
        gatewayTransactionId: scalarText(ipn['transId']),
        amount: BigInt(amount),
        outcome: result === 'succeeded' || result === 'pending' || result === 'cancelled' ? result : 'failed',
        rawCodes: { resultCode: String(resultCode), message: scalarText(ipn['message']) },
        dedupKey: `${scalarText(ipn['orderId'])}:${scalarText(ipn['transId'])}:${resultCode}`,
      },
    };
  }

  async queryPayment(request: QueryPaymentRequest): Promise<PaymentStatus> {
    const fields = {
      partnerCode: this.credentials.partnerCode,
      requestId: request.requestId,
      orderId: request.gatewayReference,
    };
    const reply = await this.post('query', { ...fields, lang: 'vi', signature: this.sign('query', fields) }, true);
    const resultCode = Number(reply['resultCode']);
    const result = momoResult(resultCode);
    if (result === 'request_error') {
      throw new GatewayCallError(
        'GATEWAY_ERROR',
        `MoMo query refused: ${scalarText(reply['message'])}`,
        String(resultCode),
      );
    }
    const transId = reply['transId'];
    return {
      outcome: result,
      gatewayTransactionId: optionalId(transId),
      amount: /^\d+$/.test(scalarText(reply['amount'])) ? BigInt(scalarText(reply['amount'])) : null,
      rawCode: String(resultCode),
      raw: reply,
    };
  }

  async refund(request: RefundRequest): Promise<RefundStatus> {
    const fields = {
      partnerCode: this.credentials.partnerCode,
      orderId: request.refundRequestId,
      requestId: request.refundRequestId,
      amount: Number(request.amount),
      transId: request.gatewayTransactionId,
      description: gatewaySafeText(request.reason),
    };
    const reply = await this.post('refund', { ...fields, lang: 'vi', signature: this.sign('refund', fields) }, false);
    const resultCode = Number(reply['resultCode']);
    const result = momoResult(resultCode);
    if (resultCode === DUPLICATE_REQUEST_ID) throw refundOutcomeUnknown('MoMo', request.refundRequestId, resultCode);
    if (result === 'request_error' || result === 'not_found') {
      throw new GatewayCallError(
        'GATEWAY_ERROR',
        `MoMo refund refused: ${scalarText(reply['message'])}`,
        String(resultCode),
      );
    }
    return {
      // A refund is either done or not: a "cancelled" refund moved no money back, so it failed.
      outcome: result === 'cancelled' ? 'failed' : result,
      gatewayRefundId: optionalId(reply['transId']),
      refundRequestId: request.refundRequestId,
      rawCode: String(resultCode),
      raw: reply,
    };
  }

  /** MoMo answers refunds synchronously: the refund call's answer is final. */
  queryRefund(): Promise<RefundStatus> {
    return Promise.reject(
      new GatewayCallError('GATEWAY_ERROR', 'MoMo refunds are synchronous; there is no refund to poll'),
    );
  }

  private sign(kind: 'create' | 'ipn' | 'query' | 'refund', values: Record<string, unknown>): string {
    return momoSign(kind, { ...values, accessKey: this.credentials.accessKey }, this.credentials.secretKey);
  }

  private post(
    path: string,
    body: Record<string, unknown>,
    idempotent: boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>> {
    return this.http.postJson({
      gateway: this.gatewayType,
      configurationId: this.configurationId,
      url: `${this.baseUrl}/v2/gateway/api/${path}`,
      body,
      idempotent,
      timeoutMs,
    });
  }
}
