import { failure, success } from '@ppm/domain';
import { GatewayCallError, refundOutcomeUnknown } from '../port/gateway-call.error';
import type {
  CallbackCheck,
  CreatedPayment,
  CreatePaymentRequest,
  PaymentMethodType,
  PaymentResult,
  PaymentStatus,
  QueryPaymentRequest,
  QueryRefundRequest,
  RawCallback,
  RefundRequest,
  RefundStatus,
  VnpayCredentials,
} from '../port/gateway-types';
import { optionalId, scalarText } from '../shared/scalar-text';
import type { PaymentGateway } from '../port/payment-gateway.port';
import { gatewaySafeText } from '../shared/ascii-text';
import { gmt7Timestamp } from '../shared/gmt7';
import { signaturesMatch } from '../shared/hmac';
import type { GatewayHttpClient } from '../resilience/gateway-http-client';
import {
  VNPAY_QUERY_RESPONSE_FIELDS,
  VNPAY_REFUND_RESPONSE_FIELDS,
  vnpaySignedQuery,
  vnpaySignParams,
  vnpaySignPipe,
  vnpayVerifyParams,
} from './vnpay-signer';
import { isVnpayDeclined, vnpayPaymentStatus, vnpayRefundStatus } from './vnpay-response-codes';

const VERSION = '2.1.0';
const MAX_AMOUNT_DIGITS = 12;
/** VNPay querydr/refund: a request with this vnp_RequestId was already received. */
const DUPLICATE_REQUEST = '94';
/** vnp_TransactionType of a payment, as querydr reports it until the payment is refunded. */
const PAYMENT_TRANSACTION = '01';
/** vnp_TransactionType of a full (02) or partial (03) refund. */
const REFUND_TRANSACTIONS = new Set(['02', '03']);
/** The address querydr names as the caller's when the query is PPM's own (a refund's settlement). */
const CALLER_IP = '127.0.0.1';
const BANK_CODES: Partial<Record<PaymentMethodType, string>> = {
  QR_CODE: 'VNPAYQR',
  ATM_CARD: 'VNBANK',
  INTERNATIONAL_CARD: 'INTCARD',
};

/** VNPay API 2.1.0 for one merchant (tmnCode). Amounts cross the wire ×100; dates are GMT+7. */
export class VnpayGateway implements PaymentGateway {
  readonly gatewayType = 'VNPAY';

  constructor(
    private readonly configurationId: string,
    private readonly baseUrl: string,
    private readonly credentials: VnpayCredentials,
    private readonly http: GatewayHttpClient,
  ) {}

  /** VNPay's create is a signed redirect URL: no call to the gateway until the customer opens it. */
  createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const amount = (request.amount * 100n).toString();
    if (amount.length > MAX_AMOUNT_DIGITS) {
      return Promise.reject(GatewayCallError.refused('Amount exceeds what VNPay accepts', 'AMOUNT_LIMIT'));
    }
    const params: Record<string, string | undefined> = {
      vnp_Version: VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: this.credentials.tmnCode,
      vnp_Amount: amount,
      vnp_CreateDate: gmt7Timestamp(request.createdAt),
      vnp_ExpireDate: gmt7Timestamp(request.expiresAt),
      vnp_CurrCode: 'VND',
      vnp_IpAddr: request.clientIp,
      vnp_Locale: 'vn',
      vnp_OrderInfo: gatewaySafeText(request.description) || `Thanh toan ${request.reference}`,
      vnp_OrderType: 'other',
      vnp_ReturnUrl: request.returnUrl,
      vnp_TxnRef: request.reference,
      vnp_BankCode: BANK_CODES[request.paymentMethod],
    };
    const hash = vnpaySignParams(params, this.credentials.hashSecret);
    return Promise.resolve({
      paymentUrl: `${this.baseUrl}/paymentv2/vpcpay.html?${vnpaySignedQuery(params)}&vnp_SecureHash=${hash}`,
      gatewayReference: request.reference,
      expiresAt: request.expiresAt,
      raw: { ...params },
    });
  }

  verifyCallback(callback: RawCallback): CallbackCheck {
    const params = callback.query;
    const { vnp_TxnRef: reference, vnp_Amount: amount, vnp_ResponseCode: code, vnp_TransactionStatus: status } = params;
    if (!params['vnp_SecureHash'] || !reference || !amount || !/^\d+00$/.test(amount) || !code) {
      return failure('MALFORMED');
    }
    if (!vnpayVerifyParams(params, this.credentials.hashSecret)) return failure('BAD_SIGNATURE');
    const transactionNo = params['vnp_TransactionNo'] || null;
    return success({
      gatewayReference: reference,
      gatewayTransactionId: transactionNo,
      amount: BigInt(amount) / 100n,
      outcome: callbackOutcome(code, status),
      rawCodes: { vnp_ResponseCode: code, vnp_TransactionStatus: status ?? '' },
      dedupKey: `${reference}:${transactionNo ?? ''}:${code}:${status ?? ''}`,
    });
  }

  async queryPayment(request: QueryPaymentRequest): Promise<PaymentStatus> {
    const reply = await this.querydr(request);
    const code = scalarText(reply['vnp_ResponseCode']);
    if (code === '91')
      return { outcome: 'not_found', gatewayTransactionId: null, amount: null, rawCode: code, raw: reply };
    if (code !== '00') throw failureOf('query', code);
    const status = scalarText(reply['vnp_TransactionStatus']);
    const outcome = vnpayPaymentStatus(status);
    if (outcome === 'unknown') {
      throw GatewayCallError.unknown(`VNPay could not say how the payment went (status ${status})`, status);
    }
    // After a refund querydr reports the refund's type and amount: the payment's own amount is then not known here.
    const amount = scalarText(reply['vnp_Amount']);
    const reportsPayment = scalarText(reply['vnp_TransactionType']) === PAYMENT_TRANSACTION;
    return {
      outcome,
      gatewayTransactionId: optionalId(reply['vnp_TransactionNo']),
      amount: reportsPayment && /^\d+$/.test(amount) ? BigInt(amount) / 100n : null,
      rawCode: status,
      raw: reply,
    };
  }

  async refund(request: RefundRequest): Promise<RefundStatus> {
    const transactionType = request.amount === request.paymentAmount ? '02' : '03';
    const amount = (request.amount * 100n).toString();
    const createDate = gmt7Timestamp(request.now);
    const transactionDate = gmt7Timestamp(request.paymentCreatedAt);
    const orderInfo = gatewaySafeText(request.reason) || `Hoan tien ${request.gatewayReference}`;
    const createBy = gatewaySafeText(request.requestedBy, 50) || 'ppm';
    const fields = [
      request.refundRequestId,
      VERSION,
      'refund',
      this.credentials.tmnCode,
      transactionType,
      request.gatewayReference,
      amount,
      request.gatewayTransactionId,
      transactionDate,
      createBy,
      createDate,
      request.clientIp,
      orderInfo,
    ];
    const body = {
      vnp_RequestId: request.refundRequestId,
      vnp_Version: VERSION,
      vnp_Command: 'refund',
      vnp_TmnCode: this.credentials.tmnCode,
      vnp_TransactionType: transactionType,
      vnp_TxnRef: request.gatewayReference,
      vnp_Amount: amount,
      vnp_TransactionNo: request.gatewayTransactionId,
      vnp_TransactionDate: transactionDate,
      vnp_CreateBy: createBy,
      vnp_CreateDate: createDate,
      vnp_IpAddr: request.clientIp,
      vnp_OrderInfo: orderInfo,
      vnp_SecureHash: vnpaySignPipe(fields, this.credentials.hashSecret),
    };
    const reply = this.verifiedReply(await this.post(body, false), VNPAY_REFUND_RESPONSE_FIELDS);
    const code = scalarText(reply['vnp_ResponseCode']);
    if (code === DUPLICATE_REQUEST) throw refundOutcomeUnknown('VNPay', request.refundRequestId, code);
    // Only 00 or a listed decline is an answer: 99, an empty or an undocumented code may follow a refund VNPay made.
    if (code !== '00' && !isVnpayDeclined(code)) throw failureOf('refund', code);
    return {
      outcome: code === '00' ? 'succeeded' : 'failed',
      gatewayRefundId: optionalId(reply['vnp_TransactionNo']),
      refundRequestId: request.refundRequestId,
      rawCode: code,
      raw: reply,
    };
  }

  /**
   * VNPay has no refund query, but querydr reports a payment's latest transaction, refunds included
   * (vnp_TransactionType 02 full / 03 partial). A refund is recognised by type and amount: one that is not the
   * transaction reported stays pending ("not seen" is no decline). The caller asks only when the payment's latest
   * refund is this one and no other refund of the payment has its amount, so the answer cannot be another refund's.
   */
  async queryRefund(request: QueryRefundRequest): Promise<RefundStatus> {
    const { payment, amount } = request;
    if (!payment?.createdAt || amount === undefined) {
      throw GatewayCallError.refused('A VNPay refund is queried through its payment, by its amount');
    }
    const reply = await this.querydr({
      gatewayReference: payment.gatewayReference,
      requestId: payment.requestId,
      createdAt: payment.createdAt,
      now: request.now,
      clientIp: CALLER_IP,
    });
    const code = scalarText(reply['vnp_ResponseCode']);
    if (code !== '00') throw failureOf('query', code);
    const type = scalarText(reply['vnp_TransactionType']);
    const status = scalarText(reply['vnp_TransactionStatus']);
    const reported = REFUND_TRANSACTIONS.has(type) && scalarText(reply['vnp_Amount']) === (amount * 100n).toString();
    const outcome = reported ? vnpayRefundStatus(status) : 'pending';
    return {
      outcome: outcome === 'unknown' ? 'pending' : outcome,
      gatewayRefundId: null,
      refundRequestId: request.refundRequestId,
      rawCode: reported ? status : 'NOT_LISTED',
      raw: reply,
    };
  }

  // A signed querydr of one payment (VNPay knows it by vnp_TxnRef and its creation date): its verified answer.
  private async querydr(request: QueryPaymentRequest): Promise<Record<string, unknown>> {
    const orderInfo = `Truy van giao dich ${request.gatewayReference}`;
    const createDate = gmt7Timestamp(request.now);
    const transactionDate = gmt7Timestamp(request.createdAt);
    const body = {
      vnp_RequestId: request.requestId,
      vnp_Version: VERSION,
      vnp_Command: 'querydr',
      vnp_TmnCode: this.credentials.tmnCode,
      vnp_TxnRef: request.gatewayReference,
      vnp_TransactionDate: transactionDate,
      vnp_CreateDate: createDate,
      vnp_IpAddr: request.clientIp,
      vnp_OrderInfo: orderInfo,
      vnp_SecureHash: vnpaySignPipe(
        [
          request.requestId,
          VERSION,
          'querydr',
          this.credentials.tmnCode,
          request.gatewayReference,
          transactionDate,
          createDate,
          request.clientIp,
          orderInfo,
        ],
        this.credentials.hashSecret,
      ),
    };
    return this.verifiedReply(await this.post(body, true), VNPAY_QUERY_RESPONSE_FIELDS);
  }

  private post(body: Record<string, unknown>, idempotent: boolean): Promise<Record<string, unknown>> {
    return this.http.postJson({
      gateway: this.gatewayType,
      configurationId: this.configurationId,
      url: `${this.baseUrl}/merchant_webapi/api/transaction`,
      body,
      idempotent,
    });
  }

  // An answer whose hash does not match might not come from VNPay: never act on it, and never read it as a refusal.
  private verifiedReply(reply: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
    const expected = vnpaySignPipe(
      fields.map((f) => reply[f] as string | number | undefined),
      this.credentials.hashSecret,
    );
    if (!signaturesMatch(expected, reply['vnp_SecureHash'])) {
      throw GatewayCallError.unknown('VNPay answer failed its checksum', scalarText(reply['vnp_ResponseCode']));
    }
    return reply;
  }
}

// PPM's own words and VNPay's code: tenants read this message, never VNPay's text.
function failureOf(call: 'query' | 'refund', code: string): GatewayCallError {
  return isVnpayDeclined(code)
    ? GatewayCallError.refused(`VNPay refused the ${call} (code ${code})`, code)
    : GatewayCallError.unknown(`VNPay could not say how the ${call} went (code ${code})`, code);
}

/** vnp_ResponseCode 24: the customer cancelled the transaction. */
const CUSTOMER_CANCELLED = '24';

function callbackOutcome(responseCode: string, transactionStatus: string | undefined): PaymentResult {
  if (responseCode === '00' && transactionStatus === '00') return 'succeeded';
  // Only an explicit failure (02) closes the payment; anything else (not completed, debited but held or reversed,
  // an undocumented status) leaves it in flight for the status sync.
  if (vnpayPaymentStatus(transactionStatus) !== 'failed') return 'pending';
  return responseCode === CUSTOMER_CANCELLED ? 'cancelled' : 'failed';
}
