import type { GatewayType, Result } from '@ppm/domain';

/** The gateways PPM speaks to: the domain's list, so that adapters and aggregates never disagree. */
export type { GatewayType };

/** VNPay merchant credentials. */
export interface VnpayCredentials {
  tmnCode: string;
  hashSecret: string;
}

/** MoMo partner credentials. */
export interface MomoCredentials {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
}

/** ZaloPay app credentials. */
export interface ZalopayCredentials {
  appId: string;
  key1: string;
  key2: string;
}

/** A bank account paid by VietQR transfers, and the secret its bank-notification service (SePay) sends. */
export interface VietqrCredentials {
  /** NAPAS acquirer id of the bank, 6 digits. */
  bankBin: string;
  accountNumber: string;
  accountName: string;
  notificationSecret: string;
}

/** One tenant's account at one gateway: what an adapter needs to call it and to check what it sends. */
export type GatewayAccount =
  | { gatewayType: 'VNPAY'; configurationId: string; baseUrl: string; credentials: VnpayCredentials }
  | { gatewayType: 'MOMO'; configurationId: string; baseUrl: string; credentials: MomoCredentials }
  | { gatewayType: 'ZALOPAY'; configurationId: string; baseUrl: string; credentials: ZalopayCredentials }
  | { gatewayType: 'VIETQR'; configurationId: string; baseUrl: string; credentials: VietqrCredentials };

/** How the customer pays, as PPM names it. */
export type PaymentMethodType = 'E_WALLET' | 'ATM_CARD' | 'INTERNATIONAL_CARD' | 'QR_CODE' | 'BANK_TRANSFER';

/** Amounts are integer minor units of VND (exponent 0) everywhere in this port; gateway units stay inside adapters. */
export interface CreatePaymentRequest {
  /** Our order reference at the gateway (VNPay vnp_TxnRef, MoMo orderId, ZaloPay app_trans_id suffix). */
  reference: string;
  /** The gateway's idempotency key for this call (MoMo requestId); reuse it on a retry of the same attempt. */
  requestId: string;
  amount: bigint;
  description: string;
  paymentMethod: PaymentMethodType;
  /** Where the customer's browser comes back to. */
  returnUrl: string;
  /** Where the gateway posts its IPN/callback (MoMo and ZaloPay take it per request). */
  notifyUrl: string;
  clientIp: string;
  createdAt: Date;
  expiresAt: Date;
}

/** What the customer is sent to, and how the gateway knows the order. */
export interface CreatedPayment {
  paymentUrl: string;
  /** The order reference as the gateway knows it (ZaloPay prefixes the GMT+7 date). */
  gatewayReference: string;
  expiresAt: Date;
  raw: Record<string, unknown>;
  /** A QR code the payer scans in a bank app (VietQR): its EMVCo payload and a PNG data URL of it. */
  qr?: { qrPayload: string; qrImage: string };
}

/** Outcome of a payment or refund as a gateway reports it. */
export type PaymentOutcome = 'succeeded' | 'failed' | 'pending';

/**
 * A payment's outcome as a gateway reports it: `cancelled` is the customer (or the gateway on the merchant's behalf)
 * calling the payment off, which moved no money and is not a failure of the payment (VNPay 24, MoMo 1003/1017).
 */
export type PaymentResult = PaymentOutcome | 'cancelled';

/** A raw HTTP request as the webhook endpoint received it. */
export interface RawCallback {
  method: string;
  query: Record<string, string | undefined>;
  /** The body exactly as received (signatures are computed over it, never over a re-serialisation). */
  rawBody: string;
  headers: Record<string, string | undefined>;
}

/** A verified callback, reduced to what PPM needs. */
export interface VerifiedCallback {
  /** Our reference as sent at create time (gateway reference). */
  gatewayReference: string;
  gatewayTransactionId: string | null;
  amount: bigint;
  outcome: PaymentResult;
  /** The gateway's own codes, kept for audit and for the caller's error details. */
  rawCodes: Record<string, string>;
  /** The gateway's ids that make this callback unique (for webhook dedup). */
  dedupKey: string;
}

/** Why a callback was refused before any state was looked at. */
export type CallbackRejection = 'BAD_SIGNATURE' | 'MALFORMED' | 'UNKNOWN_MERCHANT';

/** Result of checking a callback: the verified callback, or why it was refused. */
export type CallbackCheck = Result<VerifiedCallback, CallbackRejection>;

/** What PPM decided about a callback, which picks the reply the gateway expects. */
export type CallbackDecision =
  'APPLIED' | 'DUPLICATE' | 'UNKNOWN_ORDER' | 'INVALID_AMOUNT' | 'BAD_SIGNATURE' | 'MALFORMED' | 'RETRY_LATER';

/** The exact HTTP reply a gateway expects. */
export interface CallbackReply {
  status: number;
  body?: Record<string, unknown>;
}

/** A status query of one payment. */
export interface QueryPaymentRequest {
  gatewayReference: string;
  requestId: string;
  /** When the payment was created at the gateway (VNPay needs it). */
  createdAt: Date;
  now: Date;
  clientIp: string;
}

/** The gateway's view of a payment. */
export interface PaymentStatus {
  outcome: PaymentResult | 'not_found';
  gatewayTransactionId: string | null;
  amount: bigint | null;
  rawCode: string;
  raw: Record<string, unknown>;
}

/** A full or partial refund of a captured payment. */
export interface RefundRequest {
  /** The gateway's idempotency key of this refund (MoMo requestId, VNPay RequestId, ZaloPay m_refund_id). */
  refundRequestId: string;
  gatewayReference: string;
  gatewayTransactionId: string;
  amount: bigint;
  /** The captured amount, to tell a full refund from a partial one (VNPay). */
  paymentAmount: bigint;
  paymentCreatedAt: Date;
  reason: string;
  requestedBy: string;
  now: Date;
  clientIp: string;
}

/** The gateway's view of a refund. ZaloPay's are asynchronous: `pending` until queried to a final state. */
export interface RefundStatus {
  outcome: PaymentOutcome;
  gatewayRefundId: string | null;
  /** The id to query this refund with later (ZaloPay m_refund_id). */
  refundRequestId: string;
  rawCode: string;
  raw: Record<string, unknown>;
}

/** A status query of one refund. */
export interface QueryRefundRequest {
  refundRequestId: string;
  now: Date;
  /** The refunded payment, for gateways that report a payment's refunds on its query (MoMo, VNPay): its reference,
   *  a fresh request id for that query and, for VNPay, the payment's creation date. */
  payment?: { gatewayReference: string; requestId: string; createdAt?: Date };
  /** The refund's amount: VNPay's query reports only the payment's latest refund, recognised by its amount. */
  amount?: bigint;
}
