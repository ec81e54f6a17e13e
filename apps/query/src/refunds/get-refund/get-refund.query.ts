import { Query } from '@nestjs/cqrs';
import type { GetRefundRequest, RefundView, Reply, RequestMeta } from '@ppm/contracts';

/** Reads one of the tenant's refunds. */
export class GetRefundQuery extends Query<Reply<RefundView>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: GetRefundRequest,
  ) {
    super();
  }
}
