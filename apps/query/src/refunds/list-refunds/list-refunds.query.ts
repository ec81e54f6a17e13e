import { Query } from '@nestjs/cqrs';
import type { ListRefundsReply, ListRefundsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** The refunds of one of the tenant's payments. */
export class ListRefundsQuery extends Query<Reply<ListRefundsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListRefundsRequest,
  ) {
    super();
  }
}
