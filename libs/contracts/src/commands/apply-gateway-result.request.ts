import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { GATEWAY_TYPES } from './add-gateway-config.request';

/** `ppm.command.payment.apply-gateway-result` data (internal: worker → command, from a verified callback or query). */
export class ApplyGatewayResultRequest {
  @IsIn(GATEWAY_TYPES)
  gatewayType!: (typeof GATEWAY_TYPES)[number];

  @IsString()
  @Length(1, 100)
  gatewayReference!: string;

  @IsIn(['succeeded', 'failed', 'cancelled', 'expired'])
  outcome!: 'succeeded' | 'failed' | 'cancelled' | 'expired';

  @IsOptional()
  @IsString()
  @MaxLength(100)
  gatewayTransactionId?: string;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  /** ISO 4217 code of `amount`, when the gateway names it; else the currency the gateway reports in. */
  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;

  @IsObject()
  rawCodes!: Record<string, string>;
}

/** Reply data of apply-gateway-result: what the webhook's answer to the gateway depends on. */
export interface ApplyGatewayResultReply {
  transactionId: string;
  status: string;
  effect: 'APPLIED' | 'DUPLICATE';
}
