import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  gmt7Timestamp,
  parseGmt7Timestamp,
  signaturesMatch,
  VNPAY_QUERY_RESPONSE_FIELDS,
  VNPAY_REFUND_RESPONSE_FIELDS,
  vnpaySignPipe,
} from '@ppm/gateways';
import { MerchantStore, type VnpayMerchant } from '../sandbox-control/merchant.store';
import { fieldsOf, textField, type RequestFields } from '../shared/request-fields';
import { remainingRefundable, statusAt, type OrderStatusAt } from '../shared/sandbox-order';
import { VnpayOrderStore, type VnpayOrder } from './vnpay-order.store';

/** The signed request fields, in VNPay's order. */
const QUERYDR_SIGNED = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_TransactionDate',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
];
const REFUND_SIGNED = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TransactionType',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_TransactionNo',
  'vnp_TransactionDate',
  'vnp_CreateBy',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
];

type ResponseField = (typeof VNPAY_QUERY_RESPONSE_FIELDS)[number];

/** A merchant_webapi reply: every response field (empty when it does not apply) and vnp_SecureHash. */
export type VnpayApiReply = Partial<Record<ResponseField | 'vnp_SecureHash', string>>;

type ReplyValues = Partial<Record<ResponseField, string>> & { vnp_ResponseCode: string; vnp_Message: string };

/** vnp_TransactionStatus of a payment: 00 paid, 01 not completed, 02 failed. */
const TRANSACTION_STATUS: Record<OrderStatusAt, string> = {
  pending: '01',
  expired: '01',
  succeeded: '00',
  failed: '02',
  cancelled: '02',
};

/**
 * VNPay's merchant_webapi: `querydr` and `refund`. Checks, in order: merchant (02), command and data format (03),
 * checksum (97), vnp_RequestId already used by the merchant (94), order (91); a refund then needs a succeeded
 * payment (95), an amount within what remains (02), and a full refund (02) equal to what remains (93).
 */
@Injectable()
export class VnpayMerchantApi {
  constructor(
    private readonly merchants: MerchantStore,
    private readonly orders: VnpayOrderStore,
  ) {}

  handle(body: unknown): VnpayApiReply {
    const fields = fieldsOf(body);
    const get = (key: string): string => textField(fields, key) ?? '';
    const command = get('vnp_Command');
    const echo = { vnp_Command: command, vnp_TmnCode: get('vnp_TmnCode'), vnp_TxnRef: get('vnp_TxnRef') };
    const merchant = this.merchants.vnpayMerchant(echo.vnp_TmnCode);
    if (!merchant)
      return reply(null, command, { ...echo, vnp_ResponseCode: '02', vnp_Message: 'Merchant is not valid' });
    const fail = (code: string, message: string): VnpayApiReply =>
      reply(merchant, command, { ...echo, vnp_ResponseCode: code, vnp_Message: message });
    if ((command !== 'querydr' && command !== 'refund') || !wellFormed(command, fields)) {
      return fail('03', 'Invalid data format');
    }
    const signed = (command === 'querydr' ? QUERYDR_SIGNED : REFUND_SIGNED).map(get);
    if (!signaturesMatch(vnpaySignPipe(signed, merchant.hashSecret), fields['vnp_SecureHash'])) {
      return fail('97', 'Invalid checksum');
    }
    if (!this.orders.claimRequestId(merchant.tmnCode, get('vnp_RequestId'))) return fail('94', 'Duplicate request');
    const order = this.orders.find(merchant.tmnCode, echo.vnp_TxnRef);
    if (!order) return fail('91', 'Transaction not found');
    if (command === 'querydr') return this.querydr(merchant, order);

    const transactionNo = get('vnp_TransactionNo');
    if (transactionNo && transactionNo !== order.transactionId) return fail('91', 'Transaction not found');
    if (order.status !== 'succeeded') return fail('95', 'Transaction is not successful at VNPAY');
    const amount = Number(get('vnp_Amount')) / 100;
    const transactionType = get('vnp_TransactionType') as '02' | '03';
    const remaining = remainingRefundable(order);
    if (amount > remaining) return fail('02', `Refund amount exceeds the remaining ${remaining} VND`);
    if (transactionType === '02' && amount !== remaining) {
      return fail('93', `A full refund must be the remaining ${remaining} VND`);
    }
    const now = new Date();
    const refundId = this.orders.nextTransactionNo();
    order.refunds.push({ refundId, amount, createdAt: now, transactionType });
    return reply(merchant, command, {
      ...echo,
      vnp_ResponseCode: '00',
      vnp_Message: 'Refund success',
      vnp_Amount: get('vnp_Amount'),
      vnp_BankCode: order.bankCode,
      vnp_PayDate: gmt7Timestamp(now),
      vnp_TransactionNo: refundId,
      vnp_TransactionType: transactionType,
      vnp_TransactionStatus: '00',
      vnp_OrderInfo: get('vnp_OrderInfo'),
    });
  }

  // querydr reports the transaction's latest state: once refunded, the latest refund's type, amount and date with
  // status 00 (refunds here are done at once).
  private querydr(merchant: VnpayMerchant, order: VnpayOrder): VnpayApiReply {
    const refund = order.refunds.at(-1);
    const payment = {
      vnp_Amount: String(order.amount * 100),
      vnp_PayDate: order.completedAt ? gmt7Timestamp(order.completedAt) : '',
      vnp_TransactionType: '01',
      vnp_TransactionStatus: TRANSACTION_STATUS[statusAt(order, new Date())],
    };
    const latest = refund
      ? {
          vnp_Amount: String(refund.amount * 100),
          vnp_PayDate: gmt7Timestamp(refund.createdAt),
          vnp_TransactionType: refund.transactionType,
          vnp_TransactionStatus: '00',
        }
      : payment;
    return reply(merchant, 'querydr', {
      vnp_ResponseCode: '00',
      vnp_Message: 'QueryDR Success',
      vnp_TmnCode: merchant.tmnCode,
      vnp_TxnRef: order.reference,
      vnp_BankCode: order.completedAt ? order.bankCode : '',
      vnp_TransactionNo: order.transactionId ?? '',
      vnp_OrderInfo: order.orderInfo,
      ...latest,
    });
  }
}

/** Fills every response field of the command, and signs it when the merchant is known. */
function reply(merchant: VnpayMerchant | null, command: string, values: ReplyValues): VnpayApiReply {
  const fields = command === 'refund' ? VNPAY_REFUND_RESPONSE_FIELDS : VNPAY_QUERY_RESPONSE_FIELDS;
  const full: Partial<Record<ResponseField, string>> = {
    vnp_ResponseId: randomBytes(16).toString('hex'),
    vnp_Command: command,
  };
  for (const field of fields) full[field] = values[field] ?? full[field] ?? '';
  if (!merchant) return full;
  return {
    ...full,
    vnp_SecureHash: vnpaySignPipe(
      fields.map((f) => full[f]),
      merchant.hashSecret,
    ),
  };
}

function wellFormed(command: 'querydr' | 'refund', fields: RequestFields): boolean {
  const text = (key: string): string => textField(fields, key) ?? '';
  const requestId = text('vnp_RequestId');
  const common =
    requestId.length > 0 &&
    requestId.length <= 32 &&
    text('vnp_Version') === '2.1.0' &&
    text('vnp_TxnRef') !== '' &&
    text('vnp_IpAddr') !== '' &&
    text('vnp_OrderInfo') !== '' &&
    parseGmt7Timestamp(text('vnp_TransactionDate')) !== null &&
    parseGmt7Timestamp(text('vnp_CreateDate')) !== null;
  if (!common || command === 'querydr') return common;
  const amount = text('vnp_Amount');
  return (
    ['02', '03'].includes(text('vnp_TransactionType')) &&
    /^\d{1,12}$/.test(amount) &&
    Number(amount) % 100 === 0 &&
    Number(amount) > 0 &&
    text('vnp_CreateBy') !== '' &&
    /^\d*$/.test(text('vnp_TransactionNo'))
  );
}
