import type { RefundView } from '../queries/get-refund.request';
import type { TransactionView } from '../queries/get-transaction.request';
import type { MerchantWebhookEventType } from './merchant-webhook-event-types';

/**
 * The body of every merchant webhook delivery (version 1 of the public schema). `id` is the event's id, also sent as
 * `webhook-id`: the same on every retry, so receivers deduplicate by it. Deliveries may arrive out of order; the
 * payment's `version` tells which state is newer.
 */
export interface MerchantWebhookEvent<TData = MerchantWebhookPaymentData | MerchantWebhookRefundData> {
  id: string;
  type: MerchantWebhookEventType;
  /** When the event happened (ISO 8601). */
  createdAt: string;
  data: TData;
}

/**
 * A payment as the query side shows it when the event is fanned out, without what only PPM uses (the gateway
 * configuration, the attempts' gateway request ids, the operator who started it), what repeats elsewhere, and the
 * customer's IP address (personal data the merchant sent and needs no copy of on every event), the risk decision
 * (the tenant's operators read it on the query side) and the VietQR payload (the payment.process reply gave it).
 */
export type MerchantWebhookPaymentData = Omit<
  TransactionView,
  | 'gatewayConfigurationId'
  | 'initiatedByUserId'
  | 'attempts'
  | 'refunds'
  | 'timeline'
  | 'clientIp'
  | 'riskDecision'
  | 'qrPayload'
>;

/** A refund as the query side shows it, with its payment's version (which orders the payment's events). */
export type MerchantWebhookRefundData = Omit<RefundView, 'initiatedByUserId'> & { paymentVersion: number };
