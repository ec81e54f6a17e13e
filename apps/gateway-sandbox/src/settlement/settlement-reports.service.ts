import { Injectable } from '@nestjs/common';
import { gmt7BusinessDay, gmt7Timestamp, type GatewayType } from '@ppm/gateways';
import { MomoOrderStore } from '../momo/momo-order.store';
import { BankTransferStore } from '../vietqr/bank-transfer.store';
import { VnpayOrderStore } from '../vnpay/vnpay-order.store';
import { sepayTime } from '../vietqr/vietqr-bank.service';
import { ZalopayOrderStore } from '../zalopay/zalopay-order.store';
import { settlementFee, toCsv, type SettlementLine } from './settlement-csv';

const VNPAY_HEADER = [
  'TmnCode',
  'TxnRef',
  'TransactionNo',
  'Amount',
  'Fee',
  'NetAmount',
  'PayDate',
  'BankCode',
  'TransactionType',
  'Status',
];
const MOMO_HEADER = [
  'partnerCode',
  'orderId',
  'transId',
  'amount',
  'fee',
  'netAmount',
  'responseTime',
  'type',
  'resultCode',
];
const VIETQR_HEADER = [
  'id',
  'transaction_date',
  'account_number',
  'transfer_type',
  'amount',
  'content',
  'reference_code',
];
const ZALOPAY_HEADER = [
  'app_id',
  'app_trans_id',
  'zp_trans_id',
  'amount',
  'fee',
  'net_amount',
  'server_time',
  'type',
  'status',
];

/**
 * The settlement file of one merchant for one business day (GMT+7): its payments that succeeded that day and its
 * refunds completed that day, one line each, in time order. Amounts are VND (VNPay's too, not ×100) and always
 * positive: the type column tells a refund. fee: settlementFee on payments, 0 on refunds; net: what the merchant
 * receives, amount − fee on a payment and −amount on a refund. Layouts:
 * - VNPay `TmnCode,TxnRef,TransactionNo,Amount,Fee,NetAmount,PayDate,BankCode,TransactionType,Status`: TransactionType 01
 *   payment, 02 full refund, 03 partial refund; a refund's line has the payment's TxnRef and the refund's own
 *   TransactionNo; PayDate `yyyyMMddHHmmss` GMT+7; Status 00.
 * - MoMo `partnerCode,orderId,transId,amount,fee,netAmount,responseTime,type,resultCode`: type `payment` or `refund`; a
 *   refund's line has the refund's own orderId and transId; responseTime in epoch ms; resultCode 0.
 * - ZaloPay `app_id,app_trans_id,zp_trans_id,amount,fee,net_amount,server_time,type,status`: type `payment` or `refund`; a
 *   refund's line has its m_refund_id and refund_id in the two id columns; server_time in epoch ms; status 1.
 * - VietQR, the account's bank statement as SePay exports it,
 *   `id,transaction_date,account_number,transfer_type,amount,content,reference_code`: every transfer booked that
 *   day, in or out, with its content as the payer wrote it; transaction_date ISO 8601 at +07:00. A bank charges
 *   no fee per transfer.
 */
@Injectable()
export class SettlementReports {
  constructor(
    private readonly vnpay: VnpayOrderStore,
    private readonly momo: MomoOrderStore,
    private readonly zalopay: ZalopayOrderStore,
    private readonly bank: BankTransferStore,
  ) {}

  csv(gatewayType: GatewayType, merchantId: string, businessDay: string): string {
    const on = (at: Date | null): at is Date => at !== null && gmt7BusinessDay(at) === businessDay;
    switch (gatewayType) {
      case 'VNPAY':
        return toCsv(VNPAY_HEADER, this.vnpayLines(merchantId, on));
      case 'MOMO':
        return toCsv(MOMO_HEADER, this.momoLines(merchantId, on));
      case 'ZALOPAY':
        return toCsv(ZALOPAY_HEADER, this.zalopayLines(merchantId, on, new Date()));
      case 'VIETQR':
        return toCsv(VIETQR_HEADER, this.statementLines(merchantId, on));
    }
  }

  private vnpayLines(tmnCode: string, on: (at: Date | null) => at is Date): SettlementLine[] {
    return this.vnpay.ordersOf(tmnCode).flatMap((order) => {
      const { reference, bankCode } = order;
      const lines = order.refunds
        .filter((refund) => on(refund.createdAt))
        .map(({ createdAt: at, refundId, amount, transactionType }) => ({
          at,
          cells: [tmnCode, reference, refundId, amount, 0, -amount, gmt7Timestamp(at), bankCode, transactionType, '00'],
        }));
      if (order.status === 'succeeded' && on(order.completedAt)) {
        const at = order.completedAt;
        const transactionNo = order.transactionId ?? '';
        const fee = settlementFee(order.amount);
        lines.push({
          at,
          cells: [
            tmnCode,
            reference,
            transactionNo,
            order.amount,
            fee,
            order.amount - fee,
            gmt7Timestamp(at),
            bankCode,
            '01',
            '00',
          ],
        });
      }
      return lines;
    });
  }

  private momoLines(partnerCode: string, on: (at: Date | null) => at is Date): SettlementLine[] {
    return this.momo.ordersOf(partnerCode).flatMap((order) => {
      const lines: SettlementLine[] = order.refunds
        .filter((refund) => on(refund.createdAt))
        .map(({ createdAt: at, orderId, refundId, amount }) => ({
          at,
          cells: [partnerCode, orderId, refundId, amount, 0, -amount, at.getTime(), 'refund', 0],
        }));
      if (order.status === 'succeeded' && on(order.completedAt)) {
        const { completedAt: at, reference, transactionId, amount } = order;
        lines.push({
          at,
          cells: [
            partnerCode,
            reference,
            transactionId ?? '',
            amount,
            settlementFee(amount),
            amount - settlementFee(amount),
            at.getTime(),
            'payment',
            0,
          ],
        });
      }
      return lines;
    });
  }

  private statementLines(accountNumber: string, on: (at: Date | null) => at is Date): SettlementLine[] {
    return this.bank
      .ofAccount(accountNumber)
      .filter((transfer) => on(transfer.bookedAt))
      .map(({ id, bookedAt: at, transferType, amount, content, referenceCode }) => ({
        at,
        cells: [
          id,
          `${sepayTime(at).replace(' ', 'T')}+07:00`,
          accountNumber,
          transferType,
          amount,
          content,
          referenceCode,
        ],
      }));
  }

  private zalopayLines(appId: string, on: (at: Date | null) => at is Date, now: Date): SettlementLine[] {
    return this.zalopay.ordersOf(appId).flatMap((order) => {
      const lines: SettlementLine[] = order.refunds
        .filter((refund) => refund.doneAt.getTime() <= now.getTime() && on(refund.doneAt))
        .map(({ doneAt: at, mRefundId, refundId, amount }) => ({
          at,
          cells: [appId, mRefundId, refundId, amount, 0, -amount, at.getTime(), 'refund', 1],
        }));
      if (order.status === 'succeeded' && on(order.completedAt)) {
        const { completedAt: at, reference, transactionId, amount } = order;
        lines.push({
          at,
          cells: [
            appId,
            reference,
            transactionId ?? '',
            amount,
            settlementFee(amount),
            amount - settlementFee(amount),
            at.getTime(),
            'payment',
            1,
          ],
        });
      }
      return lines;
    });
  }
}
