import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { GATEWAY_TYPES } from '../commands/add-gateway-config.request';
import type { GatewayConfigView } from './get-gateway-config.request';

/** `ppm.query.gateway-config.list` data: optional filters. */
export class ListGatewayConfigsRequest {
  @IsOptional()
  @IsIn(GATEWAY_TYPES)
  gatewayType?: (typeof GATEWAY_TYPES)[number];

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

/** Reply data of `gateway-config.list`: the tenant's configurations by name (never credentials). */
export interface ListGatewayConfigsReply {
  items: GatewayConfigView[];
}
