import { failure, success } from '@ppm/domain';
import { GatewayCallError, refundOutcomeUnknown } from '../port/gateway-call.error';
import type {
  CallbackCheck,
  CreatedPayment,
  CreatePaymentRequest,
  MomoCredentials,
  PaymentMethodType,
  PaymentStatus,
  QueryPaymentRequest,
  QueryRefundRequest,
  RawCallback,
  RefundRequest,
  RefundStatus,
} from '../port/gateway-types';
import { integerCode, optionalId, scalarText } from '../shared/scalar-text';
import type { PaymentGateway } from '../port/payment-gateway.port';
import { gatewaySafeText } from '../shared/ascii-text';
import { signaturesMatch } from '../shared/hmac';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import { momoResult, type MomoResult } from './momo-result-codes';
import { momoSign, type MomoMessage } from './momo-signer';

const REQUEST_TYPES: Partial<Record<PaymentMethodType, string>> = {
  ATM_CARD: 'payWithATM',
  INTERNATIONAL_CARD: 'payWithCC',
};
/** MoMo asks its clients to wait at least 30 s for create. */
const CREATE_TIMEOUT_MS = 30_000;
/** MoMo: this requestId was already used (for a refund: the refund request exists). */
const DUPLICATE_REQUEST_ID = 40;
const IPN_FIELDS = ['partnerCode', 'orderId', 'requestId', 'amount', 'resultCode', 'transId', 'signature'];

/**
 * The error for a resultCode that is not an answer to act on: a refusal only for a request error or an explicit
 * decline, an unknown outcome for anything else. Its message is PPM's own, with MoMo's code (never MoMo's text).
 */
function failureOf(call: 'order' | 'query' | 'refund', resultCode: number): GatewayCallError {
  const code = String(resultCode);
  const result = momoResult(resultCode);
  return result === 'request_error' || result === 'failed' || result === 'cancelled'
    ? GatewayCallError.refused(`MoMo refused the ${call} (code ${code})`, code)
    : GatewayCallError.unknown(`MoMo could not say how the ${call} went (code ${code})`, code);
}

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
    const reply = this.verifiedReply(
      'createResponse',
      await this.post(
        'create',
        { ...fields, lang: 'vi', signature: this.sign('create', fields) },
        false,
        CREATE_TIMEOUT_MS,
      ),
    );
    const resultCode = integerCode(reply['resultCode']);
    if (resultCode !== 0 || typeof reply['payUrl'] !== 'string') throw failureOf('order', resultCode);
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
      return failure('MALFORMED');
    }
    if (!ipn || typeof ipn !== 'object' || IPN_FIELDS.some((f) => ipn[f] === undefined || ipn[f] === null)) {
      return failure('MALFORMED');
    }
    if (!signaturesMatch(this.sign('ipn', ipn), ipn['signature'])) return failure('BAD_SIGNATURE');
    const resultCode = integerCode(ipn['resultCode']);
    const amount = scalarText(ipn['amount']);
    if (!/^\d+$/.test(amount)) return failure('MALFORMED');
    const result = momoResult(resultCode);
    return success({
      gatewayReference: scalarText(ipn['orderId']),
      gatewayTransactionId: scalarText(ipn['transId']),
      amount: BigInt(amount),
      // Only an explicit decline fails the payment; any other code settles nothing: it stays in flight for the
      // status sync.
      outcome: result === 'succeeded' || result === 'failed' || result === 'cancelled' ? result : 'pending',
      // MoMo's message text stays in the stored raw callback: codes reach tenants, gateway text never does.
      rawCodes: { resultCode: String(resultCode) },
      dedupKey: `${scalarText(ipn['orderId'])}:${scalarText(ipn['transId'])}:${resultCode}`,
    });
  }

  async queryPayment(request: QueryPaymentRequest): Promise<PaymentStatus> {
    const { reply, resultCode, result } = await this.query(request.gatewayReference, request.requestId);
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
    const reply = this.verifiedReply(
      'refundResponse',
      await this.post('refund', { ...fields, lang: 'vi', signature: this.sign('refund', fields) }, false),
    );
    const resultCode = integerCode(reply['resultCode']);
    const result = momoResult(resultCode);
    if (resultCode === DUPLICATE_REQUEST_ID) throw refundOutcomeUnknown('MoMo', request.refundRequestId, resultCode);
    if (result === 'request_error' || result === 'not_found' || result === 'unknown') {
      throw failureOf('refund', resultCode);
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

  /**
   * MoMo answers refunds synchronously, but an answer can be lost (an HTTP 5xx, a reset): the payment's query lists
   * the refunds MoMo made (`refundTrans`, by the refund's orderId). A refund not listed stays pending: "not seen" is
   * not a decline.
   */
  async queryRefund(request: QueryRefundRequest): Promise<RefundStatus> {
    if (!request.payment) throw GatewayCallError.refused('A MoMo refund is queried through its payment');
    const {
      reply,
      resultCode,
      result: paymentResult,
    } = await this.query(request.payment.gatewayReference, request.payment.requestId);
    if (paymentResult === 'not_found') throw failureOf('query', resultCode);
    const listed = Array.isArray(reply['refundTrans'])
      ? (reply['refundTrans'] as unknown[]).find(
          (entry): entry is Record<string, unknown> =>
            typeof entry === 'object' &&
            entry !== null &&
            (entry as Record<string, unknown>)['orderId'] === request.refundRequestId,
        )
      : undefined;
    const result = listed ? momoResult(integerCode(listed['resultCode'])) : 'pending';
    return {
      // Only an explicit decline fails the refund; anything else keeps it in flight.
      outcome:
        result === 'succeeded' ? 'succeeded' : result === 'failed' || result === 'cancelled' ? 'failed' : 'pending',
      gatewayRefundId: listed ? optionalId(listed['transId']) : null,
      refundRequestId: request.refundRequestId,
      rawCode: listed ? scalarText(listed['resultCode']) : 'NOT_LISTED',
      raw: reply,
    };
  }

  // The verified answer of a payment's query; a request error or an unknown outcome is no answer to act on.
  private async query(
    orderId: string,
    requestId: string,
  ): Promise<{
    reply: Record<string, unknown>;
    resultCode: number;
    result: Exclude<MomoResult, 'request_error' | 'unknown'>;
  }> {
    const fields = { partnerCode: this.credentials.partnerCode, requestId, orderId };
    const reply = this.verifiedReply(
      'queryResponse',
      await this.post('query', { ...fields, lang: 'vi', signature: this.sign('query', fields) }, true),
    );
    const resultCode = integerCode(reply['resultCode']);
    const result = momoResult(resultCode);
    if (result === 'request_error' || result === 'unknown') throw failureOf('query', resultCode);
    return { reply, resultCode, result };
  }

  private sign(kind: MomoMessage, values: Record<string, unknown>): string {
    return momoSign(kind, { ...values, accessKey: this.credentials.accessKey }, this.credentials.secretKey);
  }

  // An answer whose signature does not match might not come from MoMo: whatever it says, the outcome is unknown.
  private verifiedReply(kind: MomoMessage, reply: Record<string, unknown>): Record<string, unknown> {
    if (!signaturesMatch(this.sign(kind, reply), reply['signature'])) {
      throw GatewayCallError.unknown('MoMo answer failed its signature check', scalarText(reply['resultCode']));
    }
    return reply;
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
