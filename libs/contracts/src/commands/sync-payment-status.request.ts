import { IsUUID } from 'class-validator';

/** `ppm.command.payment.sync-status` data (internal: worker → command, from the stuck-payment sync or a return URL). */
export class SyncPaymentStatusRequest {
  @IsUUID()
  transactionId!: string;
}

/** A refund the sync looked at (one that was in flight when it began), with its status afterwards. */
export interface SyncedRefund {
  refundId: string;
  status: string;
}

/**
 * Reply data of payment.sync-status. `changed`: the sync moved the payment or one of its refunds. `refunds`: the
 * refunds that were in flight (PROCESSING) when the sync began; those of gateways whose refunds cannot be polled
 * stay PROCESSING.
 */
export interface SyncPaymentStatusReply {
  transactionId: string;
  status: string;
  changed: boolean;
  refunds: SyncedRefund[];
}
