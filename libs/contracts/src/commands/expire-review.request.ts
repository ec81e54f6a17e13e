import { IsInt, IsUUID, Max, Min } from 'class-validator';

/**
 * `ppm.command.payment.expire-review` data (internal: worker → command, from the review expiry job): expire a
 * payment left in PENDING_REVIEW longer than `reviewTimeoutMinutes` since it was created.
 */
export class ExpireReviewRequest {
  @IsUUID()
  transactionId!: string;

  @IsInt()
  @Min(1)
  @Max(60 * 24 * 30)
  reviewTimeoutMinutes!: number;
}

/** Reply data of payment.expire-review: the payment afterwards (EXPIRED, or where an operator moved it meanwhile). */
export interface ExpireReviewReply {
  transactionId: string;
  status: string;
  changed: boolean;
}
