import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type ListTransactionsReply, type Reply, type TransactionSummary } from '@ppm/contracts';
import { isoTime, minorUnits } from '../../shared/column-values';
import { invalidField, keysetPage } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { ListTransactionsQuery } from './list-transactions.query';
import { listTransactionsSql } from './list-transactions.sql';
import { decodeCursor, encodeCursor, type TransactionCursor } from './transaction-cursor';

const DEFAULT_LIMIT = 20;

interface SummaryRow {
  id: string;
  status: string;
  amount: string;
  currency: string;
  payment_method_type: string;
  gateway_type: string | null;
  payment_gateway_id: string | null;
  gateway_reference: string | null;
  gateway_transaction_id: string | null;
  source_bounded_context: string;
  source_transaction_id: string;
  customer_ref: string | null;
  client_ip: string | null;
  refunded_amount: string;
  created_at: Date;
  updated_at: Date;
  cursor_created_at: string;
}

// Lists are read from Postgres (the replica when there is one), never cached: a page is cheap with the index, and
// no event could tell which cached pages a change affects.
@QueryHandler(ListTransactionsQuery)
export class ListTransactionsHandler implements IQueryHandler<ListTransactionsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: ListTransactionsQuery): Promise<Reply<ListTransactionsReply>> {
    const { limit = DEFAULT_LIMIT, cursor: cursorText, ...filters } = data;
    let cursor: TransactionCursor | null = null;
    if (cursorText !== undefined) {
      cursor = decodeCursor(cursorText);
      if (!cursor) return invalidField('data.cursor', 'cursor must be the nextCursor of a previous page');
    }
    if ((filters.amountMin !== undefined || filters.amountMax !== undefined) && !filters.currency) {
      return invalidField(
        'data.currency',
        'an amount range needs its currency: amounts are minor units of one currency',
      );
    }
    if (filters.amountMin !== undefined && filters.amountMax !== undefined && filters.amountMin > filters.amountMax) {
      return invalidField('data.amountMin', 'amountMin must not exceed amountMax');
    }
    if (filters.createdFrom && filters.createdTo && Date.parse(filters.createdFrom) > Date.parse(filters.createdTo)) {
      return invalidField('data.createdFrom', 'createdFrom must not be after createdTo');
    }
    const { sql, params } = listTransactionsSql(meta.tenantId, filters, cursor, limit);
    const rows = await this.database.read<SummaryRow>(sql, params);
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      encodeCursor({ createdAt: last.cursor_created_at, id: last.id }),
    );
    return ok({ items: page.map(summary), nextCursor });
  }
}

function summary(row: SummaryRow): TransactionSummary {
  return {
    id: row.id,
    status: row.status,
    amount: minorUnits(row.amount),
    currency: row.currency.trim(),
    paymentMethodType: row.payment_method_type,
    gatewayType: row.gateway_type,
    gatewayConfigurationId: row.payment_gateway_id,
    gatewayReference: row.gateway_reference,
    gatewayTransactionId: row.gateway_transaction_id,
    sourceBoundedContext: row.source_bounded_context,
    sourceTransactionId: row.source_transaction_id,
    customerRef: row.customer_ref,
    clientIp: row.client_ip,
    refundedAmount: minorUnits(row.refunded_amount),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}
