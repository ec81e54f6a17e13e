import { Injectable } from '@nestjs/common';
import type { VnpayMerchant } from '../sandbox-control/merchant.store';
import { NumericIdSequence } from '../shared/numeric-id.sequence';
import type { SandboxOrder, SandboxRefund } from '../shared/sandbox-order';

/** A refund through merchant_webapi: `02` full, `03` partial. */
export interface VnpayRefund extends SandboxRefund {
  transactionType: '02' | '03';
}

/** A payment opened through /paymentv2/vpcpay.html. */
export interface VnpayOrder extends SandboxOrder {
  /** vnp_CreateDate as sent (`yyyyMMddHHmmss`, GMT+7). */
  createDate: string;
  orderInfo: string;
  returnUrl: string;
  /** The merchant as registered when the order was opened (its IPN URL and hash secret). */
  merchant: VnpayMerchant;
  bankCode: string;
  /** The payment URL's signature: the same URL opened again shows the same order. */
  secureHash: string;
  refunds: VnpayRefund[];
}

/** VNPay's orders, by merchant and vnp_TxnRef, plus the merchant_webapi request ids already used. */
@Injectable()
export class VnpayOrderStore {
  private readonly orders = new Map<string, VnpayOrder>();
  private readonly latestByTxnRef = new Map<string, VnpayOrder>();
  private readonly byMerchant = new Map<string, VnpayOrder[]>();
  private readonly requestIds = new Set<string>();
  private readonly transactionNumbers = new NumericIdSequence(Date.now());

  /** The merchant's latest order with this TxnRef. */
  find(tmnCode: string, txnRef: string): VnpayOrder | undefined {
    return this.orders.get(key(tmnCode, txnRef));
  }

  /** The latest order with this TxnRef, whichever merchant (control routes name orders by reference only). */
  findByReference(txnRef: string): VnpayOrder | undefined {
    return this.latestByTxnRef.get(txnRef);
  }

  add(order: VnpayOrder): void {
    this.orders.set(key(order.merchantId, order.reference), order);
    this.latestByTxnRef.set(order.reference, order);
    const list = this.byMerchant.get(order.merchantId);
    if (list) list.push(order);
    else this.byMerchant.set(order.merchantId, [order]);
  }

  ordersOf(tmnCode: string): readonly VnpayOrder[] {
    return this.byMerchant.get(tmnCode) ?? [];
  }

  /** Records a vnp_RequestId; false when the merchant already used it. */
  claimRequestId(tmnCode: string, requestId: string): boolean {
    const id = key(tmnCode, requestId);
    if (this.requestIds.has(id)) return false;
    this.requestIds.add(id);
    return true;
  }

  /** A new vnp_TransactionNo (payments and refunds). */
  nextTransactionNo(): string {
    return String(this.transactionNumbers.next());
  }
}

function key(tmnCode: string, id: string): string {
  return `${tmnCode}\u0000${id}`;
}
