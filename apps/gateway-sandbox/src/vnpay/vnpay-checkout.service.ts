import { Injectable } from '@nestjs/common';
import { failure, success, type Result } from '@ppm/domain';
import { gmt7Timestamp, vnpaySignParams, vnpayVerifyParams } from '@ppm/gateways';
import { MerchantStore } from '../sandbox-control/merchant.store';
import { CallbackDispatcher } from '../shared/callback-dispatcher.service';
import type { CheckoutCompletion, GatewayCheckout } from '../shared/gateway-checkout.port';
import { withQuery } from '../shared/request-fields';
import { settleOrder, statusAt, type CustomerOutcome } from '../shared/sandbox-order';
import { readVnpayPaymentRequest } from './vnpay-payment-request';
import { VnpayOrderStore, type VnpayOrder } from './vnpay-order.store';

/** The codes of VNPay's payment page errors. */
export type VnpayPageError = '01' | '02' | '03' | '11' | '70';

/** VNPay's own wording, with an English gloss. */
export const VNPAY_PAGE_ERRORS: Record<VnpayPageError, string> = {
  '01': 'Giao dịch đã tồn tại (order already exists)',
  '02': 'Merchant không hợp lệ (merchant not found)',
  '03': 'Dữ liệu gửi sang không đúng định dạng (invalid data format)',
  '11': 'Đã hết hạn chờ thanh toán (payment expired)',
  '70': 'Sai chữ ký (invalid signature)',
};

/** vnp_ResponseCode of the IPN per outcome: 51 (insufficient funds) stands for any failure. */
const RESPONSE_CODES: Record<CustomerOutcome, string> = { succeeded: '00', failed: '51', cancelled: '24' };

/** VNPay retries an IPN up to 10 times. */
const IPN_ATTEMPTS = 10;

/** The customer's side of VNPay: opens payment URLs and completes them, sending the IPN. */
@Injectable()
export class VnpayCheckout implements GatewayCheckout {
  readonly gatewayType = 'VNPAY' as const;

  constructor(
    private readonly merchants: MerchantStore,
    private readonly orders: VnpayOrderStore,
    private readonly dispatcher: CallbackDispatcher,
  ) {}

  /**
   * Opens a payment URL. Checks, in order: merchant (02), signature (70), data format (03), expiry (11), and a
   * TxnRef reused by the merchant on the same GMT+7 day (01) unless it is the same signed URL opened again.
   */
  open(params: Readonly<Record<string, string>>): Result<VnpayOrder, VnpayPageError> {
    const merchant = this.merchants.vnpayMerchant(params['vnp_TmnCode'] ?? '');
    if (!merchant) return failure('02');
    if (!vnpayVerifyParams(params, merchant.hashSecret)) return failure('70');
    const now = new Date();
    const reading = readVnpayPaymentRequest(params, now);
    if (!reading.ok) return reading;
    const request = reading.value;
    const secureHash = (params['vnp_SecureHash'] ?? '').toLowerCase();
    const existing = this.orders.find(request.tmnCode, request.txnRef);
    if (existing && existing.createDate.slice(0, 8) === request.createDate.slice(0, 8)) {
      return existing.secureHash === secureHash ? success(existing) : failure('01');
    }
    const order: VnpayOrder = {
      merchantId: request.tmnCode,
      reference: request.txnRef,
      amount: request.amount,
      status: 'pending',
      createdAt: now,
      expiresAt: request.expiresAt,
      completedAt: null,
      transactionId: null,
      refunds: [],
      delivery: null,
      createDate: request.createDate,
      orderInfo: request.orderInfo,
      returnUrl: request.returnUrl,
      merchant,
      bankCode: request.bankCode,
      secureHash,
    };
    this.orders.add(order);
    return success(order);
  }

  find(reference: string): VnpayOrder | undefined {
    return this.orders.findByReference(reference);
  }

  /** Records the outcome and sends the IPN: GET with the signed vnp_* query; the return URL carries the same. */
  async complete(reference: string, outcome: CustomerOutcome): Promise<CheckoutCompletion> {
    const order = this.orders.findByReference(reference);
    if (!order) return { kind: 'not_found' };
    const now = new Date();
    const status = statusAt(order, now);
    if (status !== 'pending') return { kind: 'final', status };
    const succeeded = outcome === 'succeeded';
    // VNPay numbers only the payments that went through; the others report TransactionNo 0.
    settleOrder(order, outcome, now, succeeded ? this.orders.nextTransactionNo() : '0');
    // The bank the customer chose on VNPay's page when the merchant let them choose.
    order.bankCode ||= 'NCB';
    const params: Record<string, string> = {
      vnp_Amount: String(order.amount * 100),
      vnp_BankCode: order.bankCode,
      vnp_OrderInfo: order.orderInfo,
      vnp_PayDate: gmt7Timestamp(now),
      vnp_ResponseCode: RESPONSE_CODES[outcome],
      vnp_TmnCode: order.merchantId,
      vnp_TransactionNo: order.transactionId ?? '0',
      vnp_TransactionStatus: succeeded ? '00' : '02',
      vnp_TxnRef: order.reference,
      ...(succeeded ? { vnp_BankTranNo: `VNP${order.transactionId}`, vnp_CardType: 'ATM' } : {}),
    };
    const query = new URLSearchParams({
      ...params,
      vnp_SecureHash: vnpaySignParams(params, order.merchant.hashSecret),
    });
    order.delivery = await this.dispatcher.deliver({
      gatewayType: 'VNPAY',
      url: withQuery(order.merchant.ipnUrl, query),
      method: 'GET',
      maxAttempts: IPN_ATTEMPTS,
      isAcknowledged: (httpStatus, body) => httpStatus === 200 && ['00', '02'].includes(rspCodeOf(body)),
    });
    return { kind: 'completed', order, delivery: order.delivery, redirectUrl: withQuery(order.returnUrl, query) };
  }
}

function rspCodeOf(body: string): string {
  try {
    const reply = JSON.parse(body) as { RspCode?: unknown };
    return typeof reply.RspCode === 'string' ? reply.RspCode : '';
  } catch {
    return '';
  }
}
