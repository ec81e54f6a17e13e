import type { ListTransactionsRequest } from '@ppm/contracts';
import type { TransactionCursor } from './transaction-cursor';

/** A statement and its parameters. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/**
 * One page of a tenant's transactions, newest first. Keyset pagination on (created_at DESC, id DESC): the page
 * after a cursor is `(created_at, id) < (cursor)`, a row comparison the index
 * ix_payment_transactions_tenant_created (tenant_id, created_at DESC, id DESC) serves as an index condition, so any
 * page costs the same and rows inserted meanwhile (newer, so before the first page) never shift later pages. Filters
 * are added as plain conditions; `limit + 1` rows tell whether there is a next page.
 */
export function listTransactionsSql(
  tenantId: string,
  filters: Omit<ListTransactionsRequest, 'limit' | 'cursor'>,
  cursor: TransactionCursor | null,
  limit: number,
): SqlStatement {
  const params: unknown[] = [tenantId];
  const where = ['p.tenant_id = $1'];
  const add = (condition: (placeholder: string) => string, value: unknown): void => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filters.status) add((p) => `p.status = ${p}`, filters.status);
  if (filters.gatewayType) add((p) => `p.gateway_type = ${p}`, filters.gatewayType);
  if (filters.paymentMethod) add((p) => `p.payment_method_type = ${p}`, filters.paymentMethod);
  if (filters.sourceBoundedContext) add((p) => `p.source_bounded_context = ${p}`, filters.sourceBoundedContext);
  if (filters.currency) add((p) => `p.currency = ${p}`, filters.currency);
  if (filters.sourceTransactionId) add((p) => `p.source_transaction_id = ${p}`, filters.sourceTransactionId);
  if (filters.gatewayReference) add((p) => `p.gateway_reference = ${p}`, filters.gatewayReference);
  if (filters.gatewayTransactionId) add((p) => `p.gateway_transaction_id = ${p}`, filters.gatewayTransactionId);
  if (filters.initiatedByUserId) add((p) => `p.initiated_by_user_id = ${p}`, filters.initiatedByUserId);
  if (filters.createdFrom) add((p) => `p.created_at >= ${p}::timestamptz`, filters.createdFrom);
  if (filters.createdTo) add((p) => `p.created_at < ${p}::timestamptz`, filters.createdTo);
  if (filters.amountMin !== undefined) add((p) => `p.amount >= ${p}::bigint`, String(filters.amountMin));
  if (filters.amountMax !== undefined) add((p) => `p.amount <= ${p}::bigint`, String(filters.amountMax));
  if (cursor) {
    params.push(cursor.createdAt, cursor.id);
    where.push(`(p.created_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const sql = `
    SELECT p.id, p.status, p.amount::text AS amount, p.currency, p.payment_method_type, p.gateway_type,
           p.payment_gateway_id, p.gateway_reference, p.gateway_transaction_id, p.source_bounded_context, p.source_transaction_id,
           p.customer_ref, host(p.client_ip) AS client_ip, p.refunded_amount::text AS refunded_amount, p.created_at,
           p.updated_at,
           to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at
      FROM payment_transactions p
     WHERE ${where.join('\n       AND ')}
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT $${params.length}`;
  return { sql, params };
}
