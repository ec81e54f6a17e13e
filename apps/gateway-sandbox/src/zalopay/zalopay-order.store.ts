import { Injectable } from '@nestjs/common';
import { gmt7DatePrefix } from '@ppm/gateways';
import type { ZalopayMerchant } from '../sandbox-control/merchant.store';
import { NumericIdSequence } from '../shared/numeric-id.sequence';
import type { SandboxOrder, SandboxRefund } from '../shared/sandbox-order';

/** A ZaloPay refund is asynchronous: processing until `doneAt`, then done. */
export interface ZalopayRefund extends SandboxRefund {
  mRefundId: string;
  doneAt: Date;
}

/** An order created through /v2/create. */
export interface ZalopayOrder extends SandboxOrder {
  /** The app as registered when the order was created (its keys and callback URL). */
  app: ZalopayMerchant;
  appUser: string;
  appTime: number;
  embedData: string;
  item: string;
  description: string;
  bankCode: string;
  callbackUrl: string;
  /** embed_data.redirecturl, where the browser goes back to. */
  redirectUrl: string | null;
  refunds: ZalopayRefund[];
}

/** ZaloPay's orders by app and app_trans_id (and zp_trans_id once paid), and refunds by m_refund_id. */
@Injectable()
export class ZalopayOrderStore {
  private readonly orders = new Map<string, ZalopayOrder>();
  private readonly latestByAppTransId = new Map<string, ZalopayOrder>();
  private readonly byZpTransId = new Map<string, ZalopayOrder>();
  private readonly byApp = new Map<string, ZalopayOrder[]>();
  private readonly refunds = new Map<string, ZalopayRefund>();
  private readonly ids = new NumericIdSequence(Date.now() % 1e9);

  find(appId: string, appTransId: string): ZalopayOrder | undefined {
    return this.orders.get(key(appId, appTransId));
  }

  /** The latest order with this app_trans_id, whichever app (control routes name orders by reference only). */
  findByReference(appTransId: string): ZalopayOrder | undefined {
    return this.latestByAppTransId.get(appTransId);
  }

  findByZpTransId(appId: string, zpTransId: string): ZalopayOrder | undefined {
    return this.byZpTransId.get(key(appId, zpTransId));
  }

  findRefund(appId: string, mRefundId: string): ZalopayRefund | undefined {
    return this.refunds.get(key(appId, mRefundId));
  }

  add(order: ZalopayOrder): void {
    this.orders.set(key(order.app.appId, order.reference), order);
    this.latestByAppTransId.set(order.reference, order);
    const list = this.byApp.get(order.app.appId);
    if (list) list.push(order);
    else this.byApp.set(order.app.appId, [order]);
  }

  /** A new zp_trans_id for a paid order: 15 digits, the GMT+7 date first. */
  assignZpTransId(order: ZalopayOrder, now: Date): string {
    const zpTransId = this.nextId(now);
    this.byZpTransId.set(key(order.app.appId, zpTransId), order);
    return zpTransId;
  }

  /** Records an accepted refund of a payment, with a refund_id of its own. */
  addRefund(order: ZalopayOrder, refund: Omit<ZalopayRefund, 'refundId'>): ZalopayRefund {
    const recorded = { ...refund, refundId: this.nextId(refund.createdAt) };
    order.refunds.push(recorded);
    this.refunds.set(key(order.app.appId, refund.mRefundId), recorded);
    return recorded;
  }

  ordersOf(appId: string): readonly ZalopayOrder[] {
    return this.byApp.get(appId) ?? [];
  }

  private nextId(now: Date): string {
    return `${gmt7DatePrefix(now)}${String(this.ids.next() % 1e9).padStart(9, '0')}`;
  }
}

function key(appId: string, id: string): string {
  return `${appId}\u0000${id}`;
}
