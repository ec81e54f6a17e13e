import { IsString, IsUUID, Length } from 'class-validator';

/** `ppm.command.payment.cancel` data. */
export class CancelPaymentRequest {
  @IsUUID()
  transactionId!: string;

  @IsString()
  @Length(1, 255)
  reason!: string;
}

/** Reply data of payment.cancel. */
export interface CancelPaymentReply {
  transactionId: string;
  status: string;
}
