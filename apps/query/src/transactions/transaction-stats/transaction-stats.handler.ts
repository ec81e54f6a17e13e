import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type TransactionStatsReply } from '@ppm/contracts';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { TransactionStatsQuery } from './transaction-stats.query';
import { tallyStats } from './transaction-tally';

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_MS = 30 * DAY_MS;
const MAX_PERIOD_MS = 366 * DAY_MS;

// Served by ix_payment_transactions_tenant_created: one range of one tenant's rows, grouped.
const STATS = `
  SELECT p.status, COALESCE(p.gateway_type, 'NONE') AS gateway_type, p.currency,
         count(*)::text AS count, sum(p.amount)::text AS amount, sum(p.refunded_amount)::text AS refunded
    FROM payment_transactions p
   WHERE p.tenant_id = $1 AND p.created_at >= $2 AND p.created_at < $3
   GROUP BY p.status, COALESCE(p.gateway_type, 'NONE'), p.currency`;

interface StatsRow {
  status: string;
  gateway_type: string;
  currency: string;
  count: string;
  amount: string;
  refunded: string;
}

@QueryHandler(TransactionStatsQuery)
export class TransactionStatsHandler implements IQueryHandler<TransactionStatsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: TransactionStatsQuery): Promise<Reply<TransactionStatsReply>> {
    const to = data.to ? new Date(data.to) : new Date();
    const from = data.from ? new Date(data.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
    if (from.getTime() >= to.getTime() || to.getTime() - from.getTime() > MAX_PERIOD_MS) {
      return fail(ErrorCode.VALIDATION_ERROR, 'Invalid request: data.from', {
        fields: [{ field: 'data.from', problems: ['the period must run forwards and last at most 366 days'] }],
      });
    }
    const rows = await this.database.read<StatsRow>(STATS, [meta.tenantId, from, to]);
    const groups = rows.map((row) => ({
      status: row.status,
      gatewayType: row.gateway_type,
      currency: row.currency.trim(),
      count: BigInt(row.count),
      amount: BigInt(row.amount),
      refunded: BigInt(row.refunded),
    }));
    return ok(tallyStats(groups, from, to));
  }
}
