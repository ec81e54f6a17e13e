import { Injectable } from '@nestjs/common';
import type { MomoCredentials } from '@ppm/gateways';
import { NumericIdSequence } from '../shared/numeric-id.sequence';
import type { SandboxOrder, SandboxRefund } from '../shared/sandbox-order';

/** A refund: MoMo gives it its own orderId (the merchant's) and transId (refundId). */
export interface MomoRefund extends SandboxRefund {
  orderId: string;
  requestId: string;
}

/** A payment created through /v2/gateway/api/create. */
export interface MomoOrder extends SandboxOrder {
  /** The partner as registered when the order was created. */
  partner: MomoCredentials;
  requestId: string;
  orderInfo: string;
  redirectUrl: string;
  ipnUrl: string;
  requestType: string;
  extraData: string;
  lang: 'vi' | 'en';
  refunds: MomoRefund[];
}

/**
 * MoMo's orders by partner and orderId (and transId once paid), with the requestIds and orderIds each partner has
 * used: both are unique per partner across payments and refunds.
 */
@Injectable()
export class MomoOrderStore {
  private readonly orders = new Map<string, MomoOrder>();
  private readonly latestByOrderId = new Map<string, MomoOrder>();
  private readonly byTransId = new Map<string, MomoOrder>();
  private readonly byPartner = new Map<string, MomoOrder[]>();
  private readonly requestIds = new Set<string>();
  private readonly orderIds = new Set<string>();
  private readonly transIds = new NumericIdSequence(Date.now());

  find(partnerCode: string, orderId: string): MomoOrder | undefined {
    return this.orders.get(key(partnerCode, orderId));
  }

  /** The latest payment with this orderId, whichever partner (control routes name orders by reference only). */
  findByReference(orderId: string): MomoOrder | undefined {
    return this.latestByOrderId.get(orderId);
  }

  /** The payment MoMo knows by this transId. */
  findByTransId(partnerCode: string, transId: string): MomoOrder | undefined {
    return this.byTransId.get(key(partnerCode, transId));
  }

  isRequestIdUsed(partnerCode: string, requestId: string): boolean {
    return this.requestIds.has(key(partnerCode, requestId));
  }

  isOrderIdUsed(partnerCode: string, orderId: string): boolean {
    return this.orderIds.has(key(partnerCode, orderId));
  }

  add(order: MomoOrder): void {
    const partnerCode = order.partner.partnerCode;
    this.orders.set(key(partnerCode, order.reference), order);
    this.latestByOrderId.set(order.reference, order);
    this.requestIds.add(key(partnerCode, order.requestId));
    this.orderIds.add(key(partnerCode, order.reference));
    const list = this.byPartner.get(partnerCode);
    if (list) list.push(order);
    else this.byPartner.set(partnerCode, [order]);
  }

  /** Gives the payment its transId. */
  assignTransId(order: MomoOrder): string {
    const transId = String(this.transIds.next());
    this.byTransId.set(key(order.partner.partnerCode, transId), order);
    return transId;
  }

  /** Records an accepted refund of a payment, with a transId of its own. */
  addRefund(order: MomoOrder, refund: Omit<MomoRefund, 'refundId'>): MomoRefund {
    const partnerCode = order.partner.partnerCode;
    const recorded = { ...refund, refundId: String(this.transIds.next()) };
    order.refunds.push(recorded);
    this.requestIds.add(key(partnerCode, refund.requestId));
    this.orderIds.add(key(partnerCode, refund.orderId));
    return recorded;
  }

  ordersOf(partnerCode: string): readonly MomoOrder[] {
    return this.byPartner.get(partnerCode) ?? [];
  }
}

function key(partnerCode: string, id: string): string {
  return `${partnerCode}\u0000${id}`;
}
