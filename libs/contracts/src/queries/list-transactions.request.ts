import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { GATEWAY_TYPES } from '../commands/add-gateway-config.request';
import { PAYMENT_METHOD_TYPES } from '../commands/process-payment.request';

/** Statuses of a payment transaction. */
export const TRANSACTION_STATUSES = [
  'PENDING',
  'PENDING_REVIEW',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;

/** Largest page of `transaction.list`; the default is 20. */
export const MAX_TRANSACTION_PAGE = 100;

/**
 * `ppm.query.transaction.list` data: filters (all optional, combined with AND), a page size and the opaque cursor
 * of the previous page's `nextCursor`. Pages run newest first, by (createdAt desc, id desc); `createdFrom` is
 * inclusive, `createdTo` exclusive; amounts are integers in minor units, both bounds inclusive.
 */
export class ListTransactionsRequest {
  @IsOptional()
  @IsIn(TRANSACTION_STATUSES)
  status?: (typeof TRANSACTION_STATUSES)[number];

  @IsOptional()
  @IsIn(GATEWAY_TYPES)
  gatewayType?: (typeof GATEWAY_TYPES)[number];

  @IsOptional()
  @IsIn(PAYMENT_METHOD_TYPES)
  paymentMethod?: (typeof PAYMENT_METHOD_TYPES)[number];

  @IsOptional()
  @IsString()
  @Length(1, 100)
  sourceBoundedContext?: string;

  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;

  /** The caller's own id of the payment (its order id), as sent in `payment.process`. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sourceTransactionId?: string;

  /** The reference PPM sent the gateway: VNPay `vnp_TxnRef`, MoMo `orderId`, ZaloPay `app_trans_id`. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  gatewayReference?: string;

  /** The gateway's own transaction number (VNPay `vnp_TransactionNo`, MoMo `transId`, ZaloPay `zp_trans_id`). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  gatewayTransactionId?: string;

  /** The user who started the payment, as sent in `payment.process`. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  initiatedByUserId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  /** Minor units of `currency`, which an amount range requires (VALIDATION_ERROR on `data.currency` otherwise). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMin?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMax?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TRANSACTION_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** A transaction in a list: no attempts, refunds or timeline (read one with `transaction.get` for those). */
export interface TransactionSummary {
  id: string;
  status: string;
  amount: number;
  currency: string;
  paymentMethodType: string;
  gatewayType: string | null;
  gatewayConfigurationId: string | null;
  /** The reference PPM sent the gateway (see the `gatewayReference` filter); null before the gateway was asked. */
  gatewayReference: string | null;
  gatewayTransactionId: string | null;
  sourceBoundedContext: string;
  sourceTransactionId: string;
  customerRef: string | null;
  clientIp: string | null;
  refundedAmount: number;
  createdAt: string;
  updatedAt: string;
}

/** Reply data of `transaction.list`. `nextCursor` is null on the last page. */
export interface ListTransactionsReply {
  items: TransactionSummary[];
  nextCursor: string | null;
}
