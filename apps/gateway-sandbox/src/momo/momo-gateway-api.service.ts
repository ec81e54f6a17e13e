import { Injectable } from '@nestjs/common';
import { momoSign, signaturesMatch, type MomoCredentials, type MomoMessage } from '@ppm/gateways';
import { SandboxConfig } from '../sandbox.config';
import { MerchantStore } from '../sandbox-control/merchant.store';
import { fieldsOf, integerField, isHttpUrl, textField, type RequestFields } from '../shared/request-fields';
import { remainingRefundable, statusAt, type OrderStatusAt } from '../shared/sandbox-order';
import { MomoOrderStore, type MomoOrder } from './momo-order.store';
import { MOMO_PAY_TYPES } from './momo-pay-types';
import { MomoResult, momoMessage, type MomoResultCode } from './momo-result-codes';

const ORDER_ID = /^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$/;
const MIN_AMOUNT = 1_000;
const MAX_AMOUNT = 50_000_000;

/** resultCode of `query` per order status. */
const QUERY_RESULTS: Record<OrderStatusAt, MomoResultCode> = {
  pending: MomoResult.pending,
  expired: MomoResult.pending,
  succeeded: MomoResult.success,
  failed: MomoResult.userDeclined,
  cancelled: MomoResult.cancelled,
};

/**
 * MoMo signs its answers with the partner's secretKey, over the same `key=value&…` form as requests. An answer to
 * a partner the sandbox does not know cannot be signed, as at MoMo.
 */
function signed(partner: MomoCredentials | undefined, kind: MomoMessage, reply: Reply): Reply {
  if (!partner) return reply;
  return { ...reply, signature: momoSign(kind, { ...reply, accessKey: partner.accessKey }, partner.secretKey) };
}

/** A request read from its body: its fields as text, the partner it names and the reply's language. */
interface MomoRequest {
  text: (key: string) => string;
  lang: string;
  partner: MomoCredentials | undefined;
}

type Reply = Record<string, unknown>;

/**
 * MoMo AIO v2 create / query / refund. Every protocol error is HTTP 200 with MoMo's resultCode: unknown partner or
 * bad signature 11, missing or malformed field 20, amount outside 1,000–50,000,000 VND 22, requestId already used
 * 40, orderId already used 41, order or transId unknown 42, refund of a payment that is not paid or beyond what
 * remains 1080.
 */
@Injectable()
export class MomoGatewayApi {
  private readonly payBaseUrl: string;

  constructor(
    config: SandboxConfig,
    private readonly merchants: MerchantStore,
    private readonly orders: MomoOrderStore,
  ) {
    this.payBaseUrl = `${config.SANDBOX_PUBLIC_URL.replace(/\/+$/, '')}/sandbox/pay/momo`;
  }

  create(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, lang, partner } = this.read(fields);
    const amount = integerField(fields, 'amount');
    const answer = (resultCode: MomoResultCode, payUrl?: Reply): Reply =>
      signed(partner, 'createResponse', {
        partnerCode: text('partnerCode'),
        requestId: text('requestId'),
        orderId: text('orderId'),
        amount: amount ?? 0,
        responseTime: Date.now(),
        message: momoMessage(resultCode, lang),
        resultCode,
        ...payUrl,
      });
    if (!partner) return answer(MomoResult.accessDenied);
    const required = ['requestId', 'orderId', 'orderInfo', 'redirectUrl', 'ipnUrl', 'requestType'];
    if (required.some((k) => !text(k)) || textField(fields, 'extraData') === null || amount === null) {
      return answer(MomoResult.badFormat);
    }
    if (!this.signedBy(partner, 'create', fields)) return answer(MomoResult.accessDenied);
    const orderId = text('orderId');
    const requestType = text('requestType');
    const wellFormed =
      ORDER_ID.test(orderId) &&
      text('requestId').length <= 50 &&
      Object.hasOwn(MOMO_PAY_TYPES, requestType) &&
      isHttpUrl(text('ipnUrl')) &&
      isHttpUrl(text('redirectUrl')) &&
      ['vi', 'en'].includes(lang);
    if (!wellFormed) return answer(MomoResult.badFormat);
    if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) return answer(MomoResult.amountOutOfRange);
    if (this.orders.isRequestIdUsed(partner.partnerCode, text('requestId'))) {
      return answer(MomoResult.duplicateRequestId);
    }
    if (this.orders.isOrderIdUsed(partner.partnerCode, orderId)) return answer(MomoResult.duplicateOrderId);
    this.orders.add({
      merchantId: partner.partnerCode,
      reference: orderId,
      amount,
      status: 'pending',
      createdAt: new Date(),
      expiresAt: null,
      completedAt: null,
      transactionId: null,
      refunds: [],
      delivery: null,
      partner,
      requestId: text('requestId'),
      orderInfo: text('orderInfo'),
      redirectUrl: text('redirectUrl'),
      ipnUrl: text('ipnUrl'),
      requestType,
      extraData: text('extraData'),
      lang: lang === 'en' ? 'en' : 'vi',
    });
    const app = `momo://app?action=payWithApp&partnerCode=${partner.partnerCode}&orderId=${orderId}`;
    return answer(MomoResult.success, {
      payUrl: `${this.payBaseUrl}/${orderId}`,
      ...(requestType === 'captureWallet' ? { deeplink: app, qrCodeUrl: `${app}&isScanQR=true` } : {}),
    });
  }

  query(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, lang, partner } = this.read(fields);
    const answer = (resultCode: MomoResultCode, order?: MomoOrder): Reply =>
      signed(partner, 'queryResponse', {
        partnerCode: text('partnerCode'),
        orderId: text('orderId'),
        requestId: text('requestId'),
        extraData: order?.extraData ?? '',
        amount: order?.amount ?? 0,
        transId: order?.transactionId ? Number(order.transactionId) : 0,
        payType: order?.status === 'succeeded' ? MOMO_PAY_TYPES[order.requestType] : '',
        resultCode,
        message: momoMessage(resultCode, lang),
        refundTrans: (order?.refunds ?? []).map((refund) => ({
          orderId: refund.orderId,
          amount: refund.amount,
          resultCode: MomoResult.success,
          transId: Number(refund.refundId),
          createdTime: refund.createdAt.getTime(),
        })),
        responseTime: Date.now(),
      });
    if (!partner) return answer(MomoResult.accessDenied);
    if (!text('requestId') || !text('orderId')) return answer(MomoResult.badFormat);
    if (!this.signedBy(partner, 'query', fields)) return answer(MomoResult.accessDenied);
    const order = this.orders.find(partner.partnerCode, text('orderId'));
    if (!order) return answer(MomoResult.orderNotFound);
    return answer(QUERY_RESULTS[statusAt(order, new Date())], order);
  }

  refund(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, lang, partner } = this.read(fields);
    const amount = integerField(fields, 'amount');
    const answer = (resultCode: MomoResultCode, refundTransId?: string): Reply =>
      signed(partner, 'refundResponse', {
        partnerCode: text('partnerCode'),
        orderId: text('orderId'),
        requestId: text('requestId'),
        amount: amount ?? 0,
        transId: Number(refundTransId ?? (integerField(fields, 'transId') || 0)),
        resultCode,
        message: momoMessage(resultCode, lang),
        responseTime: Date.now(),
      });
    if (!partner) return answer(MomoResult.accessDenied);
    if (!text('requestId') || !text('orderId') || !text('transId') || amount === null) {
      return answer(MomoResult.badFormat);
    }
    if (!this.signedBy(partner, 'refund', fields)) return answer(MomoResult.accessDenied);
    if (!ORDER_ID.test(text('orderId')) || text('requestId').length > 50) return answer(MomoResult.badFormat);
    if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) return answer(MomoResult.amountOutOfRange);
    if (this.orders.isRequestIdUsed(partner.partnerCode, text('requestId'))) {
      return answer(MomoResult.duplicateRequestId);
    }
    if (this.orders.isOrderIdUsed(partner.partnerCode, text('orderId'))) return answer(MomoResult.duplicateOrderId);
    const payment = this.orders.findByTransId(partner.partnerCode, text('transId'));
    if (!payment) return answer(MomoResult.orderNotFound);
    if (payment.status !== 'succeeded' || amount > remainingRefundable(payment)) {
      return answer(MomoResult.refundRejected);
    }
    const refund = this.orders.addRefund(payment, {
      orderId: text('orderId'),
      requestId: text('requestId'),
      amount,
      createdAt: new Date(),
    });
    return answer(MomoResult.success, refund.refundId);
  }

  private read(fields: RequestFields): MomoRequest {
    const text = (key: string): string => textField(fields, key) ?? '';
    return { text, lang: text('lang') || 'vi', partner: this.merchants.momoPartner(text('partnerCode')) };
  }

  /** MoMo signs raw values in its fixed order, accessKey included though it is never sent. */
  private signedBy(partner: MomoCredentials, kind: MomoMessage, fields: RequestFields): boolean {
    const values = { ...fields, accessKey: partner.accessKey };
    return signaturesMatch(momoSign(kind, values, partner.secretKey), fields['signature']);
  }
}
