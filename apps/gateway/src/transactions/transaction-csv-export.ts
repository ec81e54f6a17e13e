import { AsyncResource } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import {
  MAX_TRANSACTION_PAGE,
  spreadsheetCell,
  Subjects,
  type ListTransactionsReply,
  type ListTransactionsRequest,
  type TransactionSummary,
} from '@ppm/contracts';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';

/** The export's columns: a header and how each is read from a transaction. Amounts are integer minor units. */
const COLUMNS: readonly (readonly [header: string, cell: (t: TransactionSummary) => unknown])[] = [
  ['id', (t) => t.id],
  ['created_at', (t) => t.createdAt],
  ['updated_at', (t) => t.updatedAt],
  ['status', (t) => t.status],
  ['amount_minor', (t) => t.amount],
  ['refunded_amount_minor', (t) => t.refundedAmount],
  ['currency', (t) => t.currency],
  ['payment_method', (t) => t.paymentMethodType],
  ['gateway', (t) => t.gatewayType],
  ['gateway_configuration_id', (t) => t.gatewayConfigurationId],
  ['gateway_reference', (t) => t.gatewayReference],
  ['gateway_transaction_id', (t) => t.gatewayTransactionId],
  ['source_bounded_context', (t) => t.sourceBoundedContext],
  ['source_transaction_id', (t) => t.sourceTransactionId],
];

const LINE_END = '\r\n';

/**
 * A filtered transaction list as CSV, streamed: the edge reads no database, so it follows `transaction.list`'s
 * keyset cursor a page at a time and asks for the next page only when the client has taken the previous one (a
 * pull stream), so memory stays at one page whatever the export's size. The first page is read before anything is
 * sent, so bad filters and an unavailable service still answer with their error status; a failure later can only
 * cut the stream short, which the client sees as a truncated download.
 */
@Injectable()
export class TransactionCsvExport {
  constructor(private readonly nats: NatsGateway) {}

  async open(filters: Omit<ListTransactionsRequest, 'limit' | 'cursor'>, principal: Principal): Promise<Readable> {
    // Bound to the request's context: later pages are asked for from the socket's callbacks, and must still carry
    // the request's trace id.
    const page = AsyncResource.bind((cursor?: string) =>
      this.nats.send<ListTransactionsReply>(
        Subjects.query.transactionList,
        { ...filters, limit: MAX_TRANSACTION_PAGE, ...(cursor === undefined ? {} : { cursor }) },
        principal,
      ),
    );
    const first = await page();
    async function* lines(): AsyncGenerator<string> {
      yield COLUMNS.map(([header]) => header).join(',') + LINE_END;
      let current = first;
      for (;;) {
        if (current.items.length > 0) yield current.items.map(line).join('');
        if (current.nextCursor === null) return;
        current = await page(current.nextCursor);
      }
    }
    return Readable.from(lines(), { objectMode: false });
  }
}

function line(transaction: TransactionSummary): string {
  return COLUMNS.map(([, cell]) => spreadsheetCell(cell(transaction))).join(',') + LINE_END;
}
