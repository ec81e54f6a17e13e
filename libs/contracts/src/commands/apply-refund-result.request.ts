import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

/** `ppm.command.refund.apply-gateway-result` data (internal: worker → command, a refund's final answer). */
export class ApplyRefundResultRequest {
  @IsUUID()
  transactionId!: string;

  @IsUUID()
  refundId!: string;

  @IsIn(['succeeded', 'failed'])
  outcome!: 'succeeded' | 'failed';

  @IsOptional()
  @IsString()
  @MaxLength(100)
  gatewayRefundId?: string;

  /** Why the gateway refused the refund, when it said. */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  reason?: string;
}

/** Reply data of refund.apply-gateway-result: the refund's status, and the payment's after it. */
export interface ApplyRefundResultReply {
  transactionId: string;
  refundId: string;
  status: string;
  paymentStatus: string;
  effect: 'APPLIED' | 'DUPLICATE';
}
