import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ListRefundsReply, type Reply } from '@ppm/contracts';
import { ownedByTenant } from '@ppm/persistence';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { REFUND_JSON, refundView, type RefundJson } from '../../shared/refund-view';
import { ListRefundsQuery } from './list-refunds.query';

// The payment is read too, scoped by tenant, so another tenant's payment (or none) is TRANSACTION_NOT_FOUND rather
// than an empty list. Not cached, like refund.get.
const SELECT_REFUNDS = `
  SELECT COALESCE((
           SELECT json_agg(${REFUND_JSON} ORDER BY r.created_at, r.id)
             FROM refunds r
            WHERE r.payment_transaction_id = p.id), '[]'::json) AS refunds
    FROM payment_transactions p
   WHERE p.id = $1 AND ${ownedByTenant('p.tenant_id', '$2')}`;

@QueryHandler(ListRefundsQuery)
export class ListRefundsHandler implements IQueryHandler<ListRefundsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: ListRefundsQuery): Promise<Reply<ListRefundsReply>> {
    const [row] = await this.database.read<{ refunds: RefundJson[] }>(SELECT_REFUNDS, [
      data.transactionId,
      meta.tenantId,
    ]);
    if (!row) return fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} was not found`);
    return ok({ items: row.refunds.map(refundView) });
  }
}
