import { IsUUID } from 'class-validator';
import type { RefundView } from './get-refund.request';

/** `ppm.query.refund.list` data: the refunds of one of the tenant's payments. */
export class ListRefundsRequest {
  @IsUUID()
  transactionId!: string;
}

/** Reply data of `refund.list`: the payment's refunds, oldest first (a payment has few). */
export interface ListRefundsReply {
  items: RefundView[];
}
