import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type AuditRecordView, type ListAuditRecordsReply, type Reply } from '@ppm/contracts';
import { isoTime } from '../../shared/column-values';
import { encodePageCursor } from '../../shared/page-cursor';
import { keysetPage, newestFirstStart } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { ListAuditRecordsQuery } from './list-audit-records.query';

const DEFAULT_LIMIT = 50;

interface AuditRow {
  id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  trace_id: string | null;
  details: unknown;
  created_at: Date;
  cursor_created_at: string;
}

// Keyset over (created_at, id), newest first, from ix_audit_log_tenant_created. Only the tenant's own records:
// platform records (no tenant) are never listed. The cursor keeps Postgres's microseconds, so records written in
// the same millisecond (a change and its children commit together) are neither skipped nor repeated.
const LIST_SQL = `
  SELECT id, actor_type, actor_id, action, resource_type, resource_id, trace_id, details, created_at,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at
    FROM audit_log
   WHERE tenant_id = $1
     AND ($2::text IS NULL OR actor_type = $2)
     AND ($3::text IS NULL OR actor_id = $3)
     AND ($4::text IS NULL OR action = $4)
     AND ($5::text IS NULL OR resource_type = $5)
     AND ($6::text IS NULL OR resource_id = $6)
     AND ($7::timestamptz IS NULL OR created_at >= $7)
     AND ($8::timestamptz IS NULL OR created_at < $8)
     AND ($9::timestamptz IS NULL OR (created_at, id) < ($9::timestamptz, $10::uuid))
   ORDER BY created_at DESC, id DESC
   LIMIT $11`;

// Read from Postgres (the replica when there is one), never cached: each change adds records.
@QueryHandler(ListAuditRecordsQuery)
export class ListAuditRecordsHandler implements IQueryHandler<ListAuditRecordsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: ListAuditRecordsQuery): Promise<Reply<ListAuditRecordsReply>> {
    const limit = data.limit ?? DEFAULT_LIMIT;
    const start = newestFirstStart(data);
    if ('refusal' in start) return start.refusal;
    const rows = await this.database.read<AuditRow>(LIST_SQL, [
      meta.tenantId,
      data.actorType ?? null,
      data.actorId ?? null,
      data.action ?? null,
      data.resourceType ?? null,
      data.resourceId ?? null,
      data.from ?? null,
      data.to ?? null,
      start.after?.[0] ?? null,
      start.after?.[1] ?? null,
      limit + 1,
    ]);
    const { page, nextCursor } = keysetPage(rows, limit, (last) => encodePageCursor([last.cursor_created_at, last.id]));
    return ok({ items: page.map(auditRecord), nextCursor });
  }
}

function auditRecord(row: AuditRow): AuditRecordView {
  return {
    id: row.id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    traceId: row.trace_id,
    details: row.details,
    createdAt: isoTime(row.created_at),
  };
}
