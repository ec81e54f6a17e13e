import { Query } from '@nestjs/cqrs';
import type { ListUnsettledTransfersReply, ListUnsettledTransfersRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One page of the tenant's VietQR transfers that settled no payment, newest first. */
export class ListUnsettledTransfersQuery extends Query<Reply<ListUnsettledTransfersReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListUnsettledTransfersRequest,
  ) {
    super();
  }
}
