import { Query } from '@nestjs/cqrs';
import type { ListGatewayIpnsReply, ListGatewayIpnsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One page of the tenant's stored gateway callbacks, filtered, newest first. */
export class ListGatewayIpnsQuery extends Query<Reply<ListGatewayIpnsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListGatewayIpnsRequest,
  ) {
    super();
  }
}
