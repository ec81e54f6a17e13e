import { Query } from '@nestjs/cqrs';
import type { ListAuditRecordsReply, ListAuditRecordsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One page of the tenant's audit records, filtered, newest first. */
export class ListAuditRecordsQuery extends Query<Reply<ListAuditRecordsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListAuditRecordsRequest,
  ) {
    super();
  }
}
