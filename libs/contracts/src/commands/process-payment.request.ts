import {
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { METADATA_BOUNDS } from '../validation/object-bounds';
import { BoundedObject } from '../validation/bounded-object';

/** Payment methods of the contract. */
export const PAYMENT_METHOD_TYPES = ['E_WALLET', 'ATM_CARD', 'INTERNATIONAL_CARD', 'QR_CODE', 'BANK_TRANSFER'] as const;

/** `ppm.command.payment.process` data. Amounts are integers in minor units. */
export class ProcessPaymentRequest {
  @IsString()
  @Length(1, 100)
  sourceBoundedContext!: string;

  @IsString()
  @Length(1, 200)
  sourceTransactionId!: string;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  @IsString()
  @Length(3, 3)
  currency!: string;

  @IsIn(PAYMENT_METHOD_TYPES)
  paymentMethodType!: (typeof PAYMENT_METHOD_TYPES)[number];

  @IsOptional()
  @IsUUID()
  gatewayConfigurationId?: string;

  @IsString()
  @Length(1, 255)
  description!: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(1000)
  returnUrl!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_080)
  expiresInMinutes?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  initiatedByUserId?: string;

  @IsOptional()
  @BoundedObject(METADATA_BOUNDS)
  metadata?: Record<string, unknown>;

  /** The caller's own id of the customer paying (risk rules count and list by it). */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  customerRef?: string;

  /** The paying customer's IP address, IPv4 or IPv6: VNPay receives it as `vnp_IpAddr`. */
  @IsOptional()
  @IsIP()
  // No IPv6 zone (`%eth0`): it names an interface of the caller's host, not a customer.
  @Matches(/^[0-9A-Fa-f:.]+$/)
  @MaxLength(45)
  clientIp?: string;

  /**
   * A URL of the caller's that also receives this payment's events (and its refunds'), signed like any merchant
   * webhook with the tenant's endpoint secret; the command checks it by the endpoints' URL rules.
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  callbackUrl?: string;
}

/** Reply data of `ppm.command.payment.process`. */
export interface ProcessPaymentReply {
  transactionId: string;
  status: string;
  gatewayType: string;
  gatewayReference: string | null;
  paymentUrl: string | null;
  expiresAt: string;
  /** VIETQR: the EMVCo payload of the QR code the payer scans (its transfer content carries gatewayReference). */
  qrPayload?: string;
  /** VIETQR: a `data:image/png;base64,…` URL of the QR code that encodes exactly qrPayload. */
  qrImage?: string;
}
