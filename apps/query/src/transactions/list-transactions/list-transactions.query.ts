import { Query } from '@nestjs/cqrs';
import type { ListTransactionsReply, ListTransactionsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One page of the tenant's transactions, filtered, newest first. */
export class ListTransactionsQuery extends Query<Reply<ListTransactionsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListTransactionsRequest,
  ) {
    super();
  }
}
