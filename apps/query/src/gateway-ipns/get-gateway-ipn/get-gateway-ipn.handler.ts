import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type GatewayIpnDetail, type Reply } from '@ppm/contracts';
import { ReadModelDatabase } from '../../shared/read-model-database';
import { GATEWAY_IPN_COLUMNS, gatewayIpnView, type GatewayIpnRow } from '../gateway-ipn-row';
import { GetGatewayIpnQuery } from './get-gateway-ipn.query';

interface GatewayIpnDetailRow extends GatewayIpnRow {
  verification: string;
  headers: Record<string, unknown>;
  raw_body: string | null;
  raw_query: string | null;
  last_error: string | null;
}

// By primary key, scoped by tenant: another tenant's callback is as unknown as a missing one.
const SELECT_IPN = `
  SELECT ${GATEWAY_IPN_COLUMNS}, verification, headers, raw_body, raw_query, last_error
    FROM webhook_events
   WHERE id = $1 AND tenant_id = $2`;

// The intake keeps only a few harmless headers (content type, user agent, forwarding, request id); anything else,
// such as credentials or cookies a proxy passed on, is dropped here too rather than trusted to the intake alone.
const SHOWN_HEADERS = new Set(['content-type', 'user-agent', 'x-forwarded-for', 'x-request-id']);

@QueryHandler(GetGatewayIpnQuery)
export class GetGatewayIpnHandler implements IQueryHandler<GetGatewayIpnQuery> {
  constructor(private readonly database: ReadModelDatabase) {}

  async execute({ meta, data }: GetGatewayIpnQuery): Promise<Reply<GatewayIpnDetail>> {
    const [row] = await this.database.read<GatewayIpnDetailRow>(SELECT_IPN, [data.ipnId, meta.tenantId]);
    if (!row) return fail(ErrorCode.GATEWAY_IPN_NOT_FOUND, `Gateway IPN ${data.ipnId} was not found`);
    return ok({
      ...gatewayIpnView(row),
      verification: row.verification,
      headers: shownHeaders(row.headers),
      // A GET callback (VNPay's) carries its fields in the query string: that is its body.
      rawBody: row.raw_body ?? row.raw_query,
      lastError: row.last_error,
    });
  }
}

function shownHeaders(stored: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stored).filter(
      (entry): entry is [string, string] => SHOWN_HEADERS.has(entry[0].toLowerCase()) && typeof entry[1] === 'string',
    ),
  );
}
