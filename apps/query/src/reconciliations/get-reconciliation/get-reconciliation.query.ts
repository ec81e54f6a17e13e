import { Query } from '@nestjs/cqrs';
import type { GetReconciliationReply, GetReconciliationRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One of the tenant's runs with a page of its items, mismatches first. */
export class GetReconciliationQuery extends Query<Reply<GetReconciliationReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: GetReconciliationRequest,
  ) {
    super();
  }
}
