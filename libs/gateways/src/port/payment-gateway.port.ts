import type {
  CallbackCheck,
  CallbackDecision,
  CallbackReply,
  CreatedPayment,
  CreatePaymentRequest,
  GatewayType,
  PaymentStatus,
  QueryPaymentRequest,
  QueryRefundRequest,
  RawCallback,
  RefundRequest,
  RefundStatus,
} from './gateway-types';

/**
 * One gateway, for one merchant account. Calls that reach the gateway reject with a GatewayCallError
 * (GATEWAY_ERROR / GATEWAY_TIMEOUT / GATEWAY_UNAVAILABLE); a business decline is a result, not an error.
 */
export interface PaymentGateway {
  readonly gatewayType: GatewayType;
  createPayment(request: CreatePaymentRequest): Promise<CreatedPayment>;
  /** Verifies a callback's signature and reads it; never throws. */
  verifyCallback(callback: RawCallback): CallbackCheck;
  queryPayment(request: QueryPaymentRequest): Promise<PaymentStatus>;
  refund(request: RefundRequest): Promise<RefundStatus>;
  queryRefund(request: QueryRefundRequest): Promise<RefundStatus>;
}

/** What every gateway's callbacks share before any merchant is known. */
export interface CallbackProtocol {
  readonly gatewayType: GatewayType;
  /**
   * Whether a stored callback verifies again from what PPM keeps of it (method, query, body, non-secret headers):
   * signatures do; SePay's API key is a secret PPM does not keep, so a VietQR notification our side failed to
   * apply is left to SePay's own redelivery rather than to PPM's retry loop.
   */
  readonly reverifiable: boolean;
  /** The merchant a callback claims to come from (VNPay vnp_TmnCode, MoMo partnerCode, ZaloPay app_id), if any. */
  merchantIdOf(callback: RawCallback): string | null;
  /**
   * The order a callback claims to be about (VNPay vnp_TxnRef, MoMo orderId, ZaloPay app_trans_id), read before
   * any signature is checked: it only says which payment's configuration must verify it. Null when absent.
   */
  referenceOf(callback: RawCallback): string | null;
  /** The exact reply the gateway expects for a decision. */
  replyFor(decision: CallbackDecision): CallbackReply;
}
