import { Query } from '@nestjs/cqrs';
import type { GatewayConfigView, GetGatewayConfigRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Reads one of the tenant's gateway configurations, or its default one. */
export class GetGatewayConfigQuery extends Query<Reply<GatewayConfigView>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: GetGatewayConfigRequest,
  ) {
    super();
  }
}
