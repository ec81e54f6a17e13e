import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  ErrorCode,
  fail,
  MAX_RECONCILIATION_EXPORT_ROWS,
  ok,
  spreadsheetCell,
  type ExportReconciliationReply,
  type Reply,
} from '@ppm/contracts';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { ITEM_COLUMNS, itemView, type ItemRow } from '../reconciliation-views';
import { RunReader } from '../run-reader';
import { ExportReconciliationQuery } from './export-reconciliation.query';

const HEADER = [
  'line_number',
  'outcome',
  'reason',
  'line_type',
  'gateway_reference',
  'gateway_transaction_id',
  'payment_transaction_id',
  'refund_id',
  'settlement_amount',
  'ppm_amount',
  'fee',
  'net_amount',
  'currency',
  'settlement_status',
  'ppm_status',
  'action',
  'resolution_status',
  'resolved_by',
  'resolution_note',
  'resolved_at',
];

const MISMATCHES_SQL = `
  SELECT ${ITEM_COLUMNS}
    FROM reconciliation_items
   WHERE run_id = $1 AND tenant_id = $2 AND outcome <> 'MATCHED'
   ORDER BY outcome = 'MATCHED', COALESCE(line_number, 2147483647), id
   LIMIT $3`;

@QueryHandler(ExportReconciliationQuery)
export class ExportReconciliationHandler implements IQueryHandler<ExportReconciliationQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    private readonly runs: RunReader,
  ) {}

  async execute({ meta, data }: ExportReconciliationQuery): Promise<Reply<ExportReconciliationReply>> {
    const run = await this.runs.find(meta.tenantId, data.runId);
    if (!run) return fail(ErrorCode.RECONCILIATION_NOT_FOUND, `No reconciliation run ${data.runId}`);
    const rows = await this.database.read<ItemRow>(MISMATCHES_SQL, [
      data.runId,
      meta.tenantId,
      MAX_RECONCILIATION_EXPORT_ROWS + 1,
    ]);
    const items = rows.slice(0, MAX_RECONCILIATION_EXPORT_ROWS).map(itemView);
    const lines = items.map((item) =>
      [
        item.lineNumber,
        item.outcome,
        item.details?.['reason'],
        item.lineType,
        item.gatewayReference,
        item.gatewayTransactionId,
        item.paymentTransactionId,
        item.refundId,
        item.settlementAmount,
        item.ppmAmount,
        item.fee,
        item.netAmount,
        item.currency,
        item.settlementStatus,
        item.ppmStatus,
        item.details?.['action'],
        item.resolutionStatus,
        item.resolvedBy,
        item.resolutionNote,
        item.resolvedAt,
      ]
        .map(spreadsheetCell)
        .join(','),
    );
    return ok({
      filename: `reconciliation-${run.gateway_type.toLowerCase()}-${run.business_date}-${run.id}-mismatches.csv`,
      rows: items.length,
      csv: [HEADER.join(','), ...lines].join('\r\n') + '\r\n',
      truncated: rows.length > MAX_RECONCILIATION_EXPORT_ROWS,
    });
  }
}
