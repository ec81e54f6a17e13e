import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type ListReconciliationsReply, type Reply } from '@ppm/contracts';
import { invalidField, keysetPage } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import {
  decodePageCursor,
  encodePageCursor,
  isDatePart,
  isMicrosecondTimePart,
  isUuidPart,
} from '../../shared/page-cursor';
import { RUN_COLUMNS, runSummary, type RunRow } from '../reconciliation-views';
import { ListReconciliationsQuery } from './list-reconciliations.query';

const DEFAULT_LIMIT = 20;

// Keyset over (business_date, started_at, id), newest first (index ix_reconciliation_runs_tenant_list). The start
// time keeps Postgres's microseconds in the cursor so rows started in the same millisecond are neither skipped
// nor repeated. Superseded runs are history: listed only when asked for.
const LIST_SQL = `
  SELECT ${RUN_COLUMNS},
         to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_started_at
    FROM reconciliation_runs
   WHERE tenant_id = $1
     AND ($2::uuid IS NULL OR payment_gateway_id = $2)
     AND ($3::date IS NULL OR business_date >= $3)
     AND ($4::date IS NULL OR business_date <= $4)
     AND ($5::text IS NULL OR status = $5)
     AND ($6::boolean OR $5::text = 'SUPERSEDED' OR status <> 'SUPERSEDED')
     AND ($7::date IS NULL OR (business_date, started_at, id) < ($7::date, $8::timestamptz, $9::uuid))
   ORDER BY business_date DESC, started_at DESC, id DESC
   LIMIT $10`;

// Lists are read from Postgres (the replica when there is one), never cached: runs change rarely and are few.
@QueryHandler(ListReconciliationsQuery)
export class ListReconciliationsHandler implements IQueryHandler<ListReconciliationsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: ListReconciliationsQuery): Promise<Reply<ListReconciliationsReply>> {
    const limit = data.limit ?? DEFAULT_LIMIT;
    let cursor: (string | number | boolean)[] | null = null;
    if (data.cursor !== undefined) {
      cursor = decodePageCursor(data.cursor, [isDatePart, isMicrosecondTimePart, isUuidPart]);
      if (!cursor) return invalidField('data.cursor', 'cursor must be the nextCursor of a previous page');
    }
    if (data.businessDateFrom && data.businessDateTo && data.businessDateFrom > data.businessDateTo) {
      return invalidField('data.businessDateFrom', 'businessDateFrom must not be after businessDateTo');
    }
    const rows = await this.database.read<RunRow & { cursor_started_at: string }>(LIST_SQL, [
      meta.tenantId,
      data.gatewayConfigurationId ?? null,
      data.businessDateFrom ?? null,
      data.businessDateTo ?? null,
      data.status ?? null,
      data.includeSuperseded ?? false,
      cursor?.[0] ?? null,
      cursor?.[1] ?? null,
      cursor?.[2] ?? null,
      limit + 1,
    ]);
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      encodePageCursor([last.business_date, last.cursor_started_at, last.id]),
    );
    return ok({ items: page.map(runSummary), nextCursor });
  }
}
