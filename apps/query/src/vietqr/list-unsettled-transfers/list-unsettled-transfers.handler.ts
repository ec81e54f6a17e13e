import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type ListUnsettledTransfersReply, type Reply, type UnsettledTransferView } from '@ppm/contracts';
import { paymentCodeIn } from '@ppm/domain';
import { isoTime } from '../../shared/column-values';
import { encodePageCursor } from '../../shared/page-cursor';
import { keysetPage, newestFirstStart } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { ListUnsettledTransfersQuery } from './list-unsettled-transfers.query';

const DEFAULT_LIMIT = 50;

// The worker's outcome of a verified notification that settled nothing, and the reason operators see.
const REASON_OF_OUTCOME = { TRANSACTION_NOT_FOUND: 'UNMATCHED', AMOUNT_MISMATCH: 'AMOUNT_MISMATCH' } as const;
const OUTCOME_OF_REASON = { UNMATCHED: 'TRANSACTION_NOT_FOUND', AMOUNT_MISMATCH: 'AMOUNT_MISMATCH' } as const;

interface TransferRow {
  id: string;
  outcome: keyof typeof REASON_OF_OUTCOME;
  payment_gateway_id: string | null;
  account_number: string | null;
  amount: string | null;
  content: string | null;
  bank_reference: string | null;
  transaction_date: string | null;
  received_at: Date;
  cursor_received_at: string;
}

// The verified VietQR notifications the worker kept for an operator (ix_webhook_events_vietqr_unsettled), money
// in only, each bank transfer once: SePay redelivers, and every delivery is stored, so a row with an earlier
// unsettled delivery of the same transfer (its SePay id, the dedup key) is left out. Verified bodies are JSON.
const LIST_SQL = `
  SELECT w.id, w.outcome, w.payment_gateway_id,
         w.raw_body::jsonb ->> 'accountNumber' AS account_number,
         w.raw_body::jsonb ->> 'transferAmount' AS amount,
         w.raw_body::jsonb ->> 'content' AS content,
         w.raw_body::jsonb ->> 'referenceCode' AS bank_reference,
         w.raw_body::jsonb ->> 'transactionDate' AS transaction_date,
         w.received_at,
         to_char(w.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_received_at
    FROM webhook_events w
   WHERE w.tenant_id = $1
     AND w.gateway_type = 'VIETQR' AND w.processing_status = 'REJECTED' AND w.verification = 'VERIFIED'
     AND w.outcome = ANY($2::text[])
     AND w.raw_body::jsonb ->> 'transferType' = 'in'
     AND NOT EXISTS (
       SELECT 1 FROM webhook_events e
        WHERE e.gateway_type = 'VIETQR' AND e.dedup_key = w.dedup_key AND e.tenant_id = w.tenant_id
          AND e.processing_status = 'REJECTED' AND e.outcome = w.outcome
          AND (e.received_at, e.id) < (w.received_at, w.id))
     AND ($3::timestamptz IS NULL OR (w.received_at, w.id) < ($3::timestamptz, $4::uuid))
   ORDER BY w.received_at DESC, w.id DESC
   LIMIT $5`;

/** Read from Postgres (the replica when there is one), never cached: each notification may add one. */
@QueryHandler(ListUnsettledTransfersQuery)
export class ListUnsettledTransfersHandler implements IQueryHandler<ListUnsettledTransfersQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: ListUnsettledTransfersQuery): Promise<Reply<ListUnsettledTransfersReply>> {
    const limit = data.limit ?? DEFAULT_LIMIT;
    const start = newestFirstStart(data);
    if ('refusal' in start) return start.refusal;
    const outcomes = data.reason ? [OUTCOME_OF_REASON[data.reason]] : Object.values(OUTCOME_OF_REASON);
    const rows = await this.database.read<TransferRow>(LIST_SQL, [
      meta.tenantId,
      outcomes,
      start.after?.[0] ?? null,
      start.after?.[1] ?? null,
      limit + 1,
    ]);
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      encodePageCursor([last.cursor_received_at, last.id]),
    );
    return ok({ items: page.map(transferView), nextCursor });
  }
}

function transferView(row: TransferRow): UnsettledTransferView {
  const content = row.content ?? '';
  return {
    webhookId: row.id,
    reason: REASON_OF_OUTCOME[row.outcome],
    gatewayConfigurationId: row.payment_gateway_id,
    accountNumber: row.account_number ?? '',
    amount: Number(row.amount ?? 0),
    content,
    paymentCode: paymentCodeIn(content),
    bankReference: row.bank_reference,
    transactionDate: row.transaction_date,
    receivedAt: isoTime(row.received_at),
  };
}
