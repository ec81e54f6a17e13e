import { Query } from '@nestjs/cqrs';
import type { ListJobRunsReply, ListJobRunsRequest, Reply, RequestMeta } from '@ppm/contracts';

/** One page of the scheduled jobs' recorded runs, newest first. */
export class ListJobRunsQuery extends Query<Reply<ListJobRunsReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ListJobRunsRequest,
  ) {
    super();
  }
}
