import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';

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

  /**
   * The merchant already paid this back by its own bank transfer, as the operator (`meta.userId`) says: the refund
   * is recorded as succeeded, audited, and sent to no gateway. Required for VIETQR, whose bank has no refund API;
   * refused for gateways that refund through their API.
   */
  @IsOptional()
  @IsBoolean()
  manual?: boolean;
}

/** Reply data of `ppm.command.refund.process`. Amounts are minor units. */
export interface ProcessRefundReply {
  refundId: string;
  transactionId: string;
  status: string;
  amount: number;
  remainingRefundable: number;
}
