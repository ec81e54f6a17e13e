import { Query } from '@nestjs/cqrs';
import type { Reply, RequestMeta, TransactionStatsReply, TransactionStatsRequest } from '@ppm/contracts';

/** Counts and sums of the tenant's transactions created in a period, by status and gateway. */
export class TransactionStatsQuery extends Query<Reply<TransactionStatsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: TransactionStatsRequest,
  ) {
    super();
  }
}
