import { Query } from '@nestjs/cqrs';
import type { GetTransactionRequest, Reply, RequestMeta, TransactionView } from '@ppm/contracts';

/** Reads one of the tenant's transactions with its attempts, refunds and status timeline. */
export class GetTransactionQuery extends Query<Reply<TransactionView>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: GetTransactionRequest,
  ) {
    super();
  }
}
