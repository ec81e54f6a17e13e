import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type GetReconciliationReply, type Reply } from '@ppm/contracts';
import { invalidField, keysetPage } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { decodePageCursor, encodePageCursor, isBooleanPart, isIntegerPart, isUuidPart } from '../../shared/page-cursor';
import { RunReader } from '../run-reader';
import { ITEM_COLUMNS, itemView, runSummary, type ItemRow } from '../reconciliation-views';
import { GetReconciliationQuery } from './get-reconciliation.query';

const DEFAULT_LIMIT = 100;
/** Items without a line (PPM-only) sort after every line. */
const NO_LINE = 2_147_483_647;

// Keyset over (matched, line number, id): mismatches first, each group by line (index
// ix_reconciliation_items_run_order).
const ITEMS_SQL = `
  SELECT ${ITEM_COLUMNS}, outcome = 'MATCHED' AS sort_matched, COALESCE(line_number, ${NO_LINE}) AS sort_line
    FROM reconciliation_items
   WHERE run_id = $1 AND tenant_id = $2
     AND ($3::text IS NULL OR outcome = $3)
     AND ($3::text IS NOT NULL OR $4::boolean OR outcome <> 'MATCHED')
     AND ($5::boolean IS NULL
          OR (outcome = 'MATCHED', COALESCE(line_number, ${NO_LINE}), id) > ($5::boolean, $6::int, $7::uuid))
   ORDER BY outcome = 'MATCHED', COALESCE(line_number, ${NO_LINE}), id
   LIMIT $8`;

@QueryHandler(GetReconciliationQuery)
export class GetReconciliationHandler implements IQueryHandler<GetReconciliationQuery> {
  constructor(
    private readonly database: ReadModelDatabase,
    private readonly runs: RunReader,
  ) {}

  async execute({ meta, data }: GetReconciliationQuery): Promise<Reply<GetReconciliationReply>> {
    const limit = data.limit ?? DEFAULT_LIMIT;
    let cursor: (string | number | boolean)[] | null = null;
    if (data.cursor !== undefined) {
      cursor = decodePageCursor(data.cursor, [isBooleanPart, isIntegerPart, isUuidPart]);
      if (!cursor) {
        return invalidField('data.cursor', 'cursor must be the nextCursor of a previous page');
      }
    }
    const run = await this.runs.find(meta.tenantId, data.runId);
    if (!run) return fail(ErrorCode.RECONCILIATION_NOT_FOUND, `No reconciliation run ${data.runId}`);
    const rows = await this.database.read<ItemRow & { sort_matched: boolean; sort_line: number }>(ITEMS_SQL, [
      data.runId,
      meta.tenantId,
      data.outcome ?? null,
      data.includeMatched ?? false,
      cursor?.[0] ?? null,
      cursor?.[1] ?? null,
      cursor?.[2] ?? null,
      limit + 1,
    ]);
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      encodePageCursor([last.sort_matched, last.sort_line, last.id]),
    );
    return ok({ run: runSummary(run), items: page.map(itemView), nextCursor });
  }
}
