import { Query } from '@nestjs/cqrs';
import type { ListGatewayConfigsReply, ListGatewayConfigsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Lists the tenant's gateway configurations (never their credentials). */
export class ListGatewayConfigsQuery extends Query<Reply<ListGatewayConfigsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListGatewayConfigsRequest,
  ) {
    super();
  }
}
