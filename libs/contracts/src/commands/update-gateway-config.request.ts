import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { CREDENTIALS_BOUNDS } from '../validation/object-bounds';
import { BoundedObject } from '../validation/bounded-object';
import { PAYMENT_METHOD_TYPES } from './process-payment.request';

/** `ppm.command.gateway-config.update` data: absent fields stay as they are; `credentials` replaces them whole. */
export class UpdateGatewayConfigRequest {
  @IsUUID()
  id!: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @BoundedObject(CREDENTIALS_BOUNDS)
  credentials?: Record<string, string>;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(500)
  baseUrl?: string;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(PAYMENT_METHOD_TYPES, { each: true })
  supportedPaymentMethods?: (typeof PAYMENT_METHOD_TYPES)[number][];

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;

  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
