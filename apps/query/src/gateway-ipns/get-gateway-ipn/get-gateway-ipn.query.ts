import { Query } from '@nestjs/cqrs';
import type { GatewayIpnDetail, GetGatewayIpnRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One of the tenant's stored gateway callbacks with the request it arrived as. */
export class GetGatewayIpnQuery extends Query<Reply<GatewayIpnDetail>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: GetGatewayIpnRequest,
  ) {
    super();
  }
}
