import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';

/** `ppm.command.refund.process` data. */
export class ProcessRefundRequest {
  @IsUUID()
  transactionId!: string;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  @IsString()
  @Length(1, 255)
  reason!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  sourceRefundId?: string;
}

/** Reply data of `ppm.command.refund.process`. Amounts are minor units. */
export interface ProcessRefundReply {
  refundId: string;
  transactionId: string;
  status: string;
  amount: number;
  remainingRefundable: number;
}
