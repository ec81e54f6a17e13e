import { Query } from '@nestjs/cqrs';
import type { ExportReconciliationReply, ExportReconciliationRequest, Reply, RequestMeta } from '@ppm/contracts';

/** A run's mismatches as CSV, for ops to work through outside PPM. */
export class ExportReconciliationQuery extends Query<Reply<ExportReconciliationReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ExportReconciliationRequest,
  ) {
    super();
  }
}
