import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type RefundView, type Reply } from '@ppm/contracts';
import { ownedByTenant } from '@ppm/persistence';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { REFUND_JSON, refundView, type RefundJson } from '../../shared/refund-view';
import { GetRefundQuery } from './get-refund.query';

// By primary key, scoped by tenant. Not cached: the cache design names no refund key, and a refund is also part of its
// transaction's cached view.
const SELECT_REFUND = `SELECT ${REFUND_JSON} AS refund FROM refunds r WHERE r.id = $1 AND ${ownedByTenant('r.tenant_id', '$2')}`;

@QueryHandler(GetRefundQuery)
export class GetRefundHandler implements IQueryHandler<GetRefundQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: GetRefundQuery): Promise<Reply<RefundView>> {
    const [row] = await this.database.read<{ refund: RefundJson }>(SELECT_REFUND, [data.refundId, meta.tenantId]);
    return row ? ok(refundView(row.refund)) : fail(ErrorCode.REFUND_NOT_FOUND, `Refund ${data.refundId} was not found`);
  }
}
