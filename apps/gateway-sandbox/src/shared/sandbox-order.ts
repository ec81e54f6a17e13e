import type { GatewayType } from '@ppm/gateways';
import type { CallbackDelivery } from './callback-delivery';

/** Where an order stands at the gateway. Expiry is not stored: a pending order past its expiry reads as expired. */
export type OrderStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

/** What the customer did on the payment page. */
export type CustomerOutcome = Exclude<OrderStatus, 'pending'>;

/** An order's status as read at an instant. */
export type OrderStatusAt = OrderStatus | 'expired';

/** A refund the gateway accepted. */
export interface SandboxRefund {
  /** The gateway's id of the refund. */
  refundId: string;
  amount: number;
  createdAt: Date;
}

/** What every gateway's order has. Amounts are integer VND. */
export interface SandboxOrder {
  merchantId: string;
  /** The merchant's reference: VNPay vnp_TxnRef, MoMo orderId, ZaloPay app_trans_id. */
  reference: string;
  amount: number;
  status: OrderStatus;
  createdAt: Date;
  expiresAt: Date | null;
  completedAt: Date | null;
  /** The gateway's id of the payment, once the customer has acted. */
  transactionId: string | null;
  refunds: SandboxRefund[];
  /** The last callback delivery of this order (updated while it is redelivered). */
  delivery: CallbackDelivery | null;
}

/** The order's status at `now`. */
export function statusAt(order: SandboxOrder, now: Date): OrderStatusAt {
  if (order.status === 'pending' && order.expiresAt !== null && order.expiresAt.getTime() <= now.getTime()) {
    return 'expired';
  }
  return order.status;
}

/** Records what the customer did. The caller has checked that the order is still pending. */
export function settleOrder(
  order: SandboxOrder,
  outcome: CustomerOutcome,
  now: Date,
  transactionId: string | null,
): void {
  order.status = outcome;
  order.completedAt = now;
  order.transactionId = transactionId;
}

/** The sum of the order's accepted refunds. */
export function refundedAmount(order: SandboxOrder): number {
  return order.refunds.reduce((sum, refund) => sum + refund.amount, 0);
}

/** How much of a succeeded order can still be refunded. */
export function remainingRefundable(order: SandboxOrder): number {
  return order.amount - refundedAmount(order);
}

/** The order as the control routes show it. */
export interface OrderView {
  gatewayType: GatewayType;
  merchantId: string;
  reference: string;
  amount: number;
  status: OrderStatusAt;
  transactionId: string | null;
  createdAt: string;
  expiresAt: string | null;
  completedAt: string | null;
  refundedAmount: number;
  refunds: { refundId: string; amount: number; createdAt: string }[];
  delivery: CallbackDelivery | null;
}

/** A snapshot of the order for the control routes. */
export function viewOf(gatewayType: GatewayType, order: SandboxOrder, now: Date): OrderView {
  return {
    gatewayType,
    merchantId: order.merchantId,
    reference: order.reference,
    amount: order.amount,
    status: statusAt(order, now),
    transactionId: order.transactionId,
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt?.toISOString() ?? null,
    completedAt: order.completedAt?.toISOString() ?? null,
    refundedAmount: refundedAmount(order),
    refunds: order.refunds.map((r) => ({
      refundId: r.refundId,
      amount: r.amount,
      createdAt: r.createdAt.toISOString(),
    })),
    delivery: order.delivery && { ...order.delivery },
  };
}
