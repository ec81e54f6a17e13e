import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type ListGatewayIpnsReply, type Reply } from '@ppm/contracts';
import { encodePageCursor } from '../../shared/page-cursor';
import { keysetPage, newestFirstStart } from '../../shared/query-page';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { GATEWAY_IPN_COLUMNS, gatewayIpnView, type GatewayIpnRow } from '../gateway-ipn-row';
import { ListGatewayIpnsQuery } from './list-gateway-ipns.query';

const DEFAULT_LIMIT = 50;

// Keyset over (received_at, id), newest first, from ix_webhook_events_tenant_received. Callbacks refused before
// their payment was found carry no tenant and never show. The cursor keeps Postgres's microseconds, so callbacks
// stored in one batch (the same millisecond) are neither skipped nor repeated.
const LIST_SQL = `
  SELECT ${GATEWAY_IPN_COLUMNS},
         to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_received_at
    FROM webhook_events
   WHERE tenant_id = $1
     AND ($2::text IS NULL OR processing_status = $2)
     AND ($3::text IS NULL OR gateway_type = $3)
     AND ($4::timestamptz IS NULL OR received_at >= $4)
     AND ($5::timestamptz IS NULL OR received_at < $5)
     AND ($6::timestamptz IS NULL OR (received_at, id) < ($6::timestamptz, $7::uuid))
   ORDER BY received_at DESC, id DESC
   LIMIT $8`;

// Not cached: callbacks arrive and change status all the time, and operators look at them to see what just happened.
@QueryHandler(ListGatewayIpnsQuery)
export class ListGatewayIpnsHandler implements IQueryHandler<ListGatewayIpnsQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: ListGatewayIpnsQuery): Promise<Reply<ListGatewayIpnsReply>> {
    const limit = data.limit ?? DEFAULT_LIMIT;
    const start = newestFirstStart(data);
    if ('refusal' in start) return start.refusal;
    const rows = await this.database.read<GatewayIpnRow & { cursor_received_at: string }>(LIST_SQL, [
      meta.tenantId,
      data.status ?? null,
      data.gatewayType ?? null,
      data.from ?? null,
      data.to ?? null,
      start.after?.[0] ?? null,
      start.after?.[1] ?? null,
      limit + 1,
    ]);
    const { page, nextCursor } = keysetPage(rows, limit, (last) =>
      encodePageCursor([last.cursor_received_at, last.id]),
    );
    return ok({ items: page.map(gatewayIpnView), nextCursor });
  }
}
