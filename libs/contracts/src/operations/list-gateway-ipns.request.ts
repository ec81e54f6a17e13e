import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { GATEWAY_TYPES } from '../commands/add-gateway-config.request';

/** Where a stored gateway callback stands: the `webhook_events.processing_status` values. */
export const GATEWAY_IPN_STATUSES = ['PENDING', 'APPLIED', 'DUPLICATE', 'REJECTED', 'FAILED'] as const;
export type GatewayIpnStatus = (typeof GATEWAY_IPN_STATUSES)[number];

/** Largest page of `gateway-ipn.list`; the default is 50. */
export const MAX_GATEWAY_IPN_PAGE = 200;

/**
 * `ppm.query.gateway-ipn.list` data: the tenant's stored gateway callbacks (IPNs), newest first, by
 * (receivedAt desc, id desc); `from` inclusive, `to` exclusive. Callbacks refused before their payment was found
 * belong to no tenant and are never listed.
 */
export class ListGatewayIpnsRequest {
  @IsOptional()
  @IsIn(GATEWAY_IPN_STATUSES)
  status?: GatewayIpnStatus;

  @IsOptional()
  @IsIn(GATEWAY_TYPES)
  gatewayType?: (typeof GATEWAY_TYPES)[number];

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_GATEWAY_IPN_PAGE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

/** One stored gateway callback. `paymentId` is the payment it was applied to, once known. */
export interface GatewayIpnView {
  id: string;
  gatewayType: string;
  status: GatewayIpnStatus;
  receivedAt: string;
  paymentId?: string;
  attempts: number;
}

/** Reply data of `gateway-ipn.list`. `nextCursor` is null on the last page. */
export interface ListGatewayIpnsReply {
  items: GatewayIpnView[];
  nextCursor: string | null;
}
