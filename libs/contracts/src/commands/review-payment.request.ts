import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** An operator's answers to a payment held for review. */
export const REVIEW_DECISIONS = ['APPROVE', 'REJECT'] as const;

/** `ppm.command.payment.review` data: approve (the gateway order is opened) or reject (CANCELLED) a payment. */
export class ReviewPaymentRequest {
  @IsUUID()
  transactionId!: string;

  @IsIn(REVIEW_DECISIONS)
  decision!: (typeof REVIEW_DECISIONS)[number];

  /** Why, in the operator's words: kept with the decision and, on a rejection, the cancellation's reason. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/**
 * Reply data of payment.review: the payment after the answer. An approval opens the gateway order: `paymentUrl`
 * is its page (null when the gateway refused it, the payment then FAILED with `failureCode`, or did not answer, the
 * payment then PROCESSING until the status sync settles it).
 */
export interface ReviewPaymentReply {
  transactionId: string;
  status: string;
  paymentUrl: string | null;
  failureCode: string | null;
}
