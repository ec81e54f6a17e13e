import { IsOptional, IsUUID } from 'class-validator';

/** `ppm.query.gateway-config.get` data: one configuration by id, or without an id the tenant's default one. */
export class GetGatewayConfigRequest {
  @IsOptional()
  @IsUUID()
  gatewayConfigurationId?: string;
}

/**
 * A gateway configuration as the read model shows it: never its credentials. `merchantIdHint` masks the public
 * merchant id (VNPay tmnCode, MoMo partnerCode, ZaloPay appId) so an operator can tell accounts apart.
 */
export interface GatewayConfigView {
  id: string;
  gatewayType: string;
  name: string;
  merchantIdHint: string;
  baseUrl: string | null;
  supportedPaymentMethods: string[];
  isActive: boolean;
  isDefault: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}
