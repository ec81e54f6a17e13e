import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Why a VietQR transfer waits for an operator. */
export const UNSETTLED_TRANSFER_REASONS = ['UNMATCHED', 'AMOUNT_MISMATCH'] as const;

/** Largest page of `vietqr-transfer.list-unsettled`; the default is 50. */
export const MAX_UNSETTLED_TRANSFER_PAGE = 200;

/**
 * `ppm.query.vietqr-transfer.list-unsettled` data: the tenant's VietQR transfers that settled no payment, newest
 * first: `UNMATCHED` (the content names no payment of ours) and `AMOUNT_MISMATCH` (it names one, with another
 * amount). Each bank transfer is listed once however often it was notified.
 */
export class ListUnsettledTransfersRequest {
  @IsOptional()
  @IsIn(UNSETTLED_TRANSFER_REASONS)
  reason?: (typeof UNSETTLED_TRANSFER_REASONS)[number];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_UNSETTLED_TRANSFER_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** A transfer received on a VietQR account that settled no payment, as the bank-notification service sent it. */
export interface UnsettledTransferView {
  /** PPM's id of the stored notification. */
  webhookId: string;
  reason: (typeof UNSETTLED_TRANSFER_REASONS)[number];
  gatewayConfigurationId: string | null;
  accountNumber: string;
  /** VND. */
  amount: number;
  content: string;
  /** The payment code found in the content (AMOUNT_MISMATCH), or null. */
  paymentCode: string | null;
  /** The bank's reference of the transfer. */
  bankReference: string | null;
  /** When the bank booked it, as SePay wrote it (GMT+7). */
  transactionDate: string | null;
  receivedAt: string;
}

/** Reply data of `vietqr-transfer.list-unsettled`. `nextCursor` is null on the last page. */
export interface ListUnsettledTransfersReply {
  items: UnsettledTransferView[];
  nextCursor: string | null;
}
