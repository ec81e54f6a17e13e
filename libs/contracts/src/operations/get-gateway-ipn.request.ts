import { IsUUID } from 'class-validator';
import type { GatewayIpnView } from './list-gateway-ipns.request';

/** `ppm.query.gateway-ipn.get` data: one of the tenant's stored gateway callbacks, with the request it arrived as. */
export class GetGatewayIpnRequest {
  @IsUUID()
  ipnId!: string;
}

/**
 * A stored gateway callback with its raw request: the headers (credentials and cookies removed), the body as
 * received (the query string for a GET callback) and the last error applying it.
 */
export interface GatewayIpnDetail extends GatewayIpnView {
  verification: string;
  headers: Record<string, string>;
  rawBody: string | null;
  lastError: string | null;
}
