import { Query } from '@nestjs/cqrs';
import type { ListReconciliationsReply, ListReconciliationsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One page of the tenant's reconciliation runs, newest business day first. */
export class ListReconciliationsQuery extends Query<Reply<ListReconciliationsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListReconciliationsRequest,
  ) {
    super();
  }
}
