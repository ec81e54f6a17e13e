import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { CREDENTIALS_BOUNDS } from '../validation/object-bounds';
import { BoundedObject } from '../validation/bounded-object';
import { PAYMENT_METHOD_TYPES } from './process-payment.request';

/** Gateways PPM speaks to. */
export const GATEWAY_TYPES = ['VNPAY', 'MOMO', 'ZALOPAY', 'VIETQR'] as const;

/**
 * `ppm.command.gateway-config.add` data. `credentials`: VNPay `{ tmnCode, hashSecret }`, MoMo `{ partnerCode,
 * accessKey, secretKey }`, ZaloPay `{ appId, key1, key2 }`; never returned, logged or put in an event.
 */
export class AddGatewayConfigRequest {
  @IsIn(GATEWAY_TYPES)
  gatewayType!: (typeof GATEWAY_TYPES)[number];

  @IsString()
  @Length(1, 100)
  name!: string;

  @BoundedObject(CREDENTIALS_BOUNDS)
  credentials!: Record<string, string>;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(500)
  baseUrl?: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsIn(PAYMENT_METHOD_TYPES, { each: true })
  supportedPaymentMethods!: (typeof PAYMENT_METHOD_TYPES)[number][];

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;

  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

/** Reply data of gateway-config add/update: never credentials. */
export interface GatewayConfigReply {
  id: string;
  gatewayType: string;
  name: string;
  isActive: boolean;
  isDefault: boolean;
}
