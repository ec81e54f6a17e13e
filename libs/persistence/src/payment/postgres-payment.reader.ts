import type { DataSource } from 'typeorm';
import type { GatewayType, PaymentReader, PaymentTransaction } from '@ppm/domain';
import { isUuid } from '../shared/postgres-errors';
import { preparedQuery } from '../shared/prepared-query';
import { ownedByTenant } from '../shared/tenant-check';
import { PaymentTransactionMapper } from './payment-transaction.mapper';
import type { PaymentTransactionRow } from './payment-transaction.rows';
import { SELECT_PAYMENT } from './payment-transaction.sql';

/**
 * `PaymentReader` on Postgres: a payment with its attempts and refunds, only if it belongs to the tenant asked
 * for. It holds no outbox writer, so code given only this cannot change a payment;
 * `PostgresPaymentTransactionRepository` reads through it too.
 */
export class PostgresPaymentReader implements PaymentReader {
  private readonly mapper = new PaymentTransactionMapper();

  constructor(private readonly dataSource: DataSource) {}

  /** The payment, only if it belongs to `tenantId` (another tenant's id is "not found"). */
  async findById(tenantId: string, id: string): Promise<PaymentTransaction | null> {
    if (!isUuid(tenantId) || !isUuid(id)) return null;
    return this.findOne(`WHERE p.id = $2 AND ${ownedByTenant('p.tenant_id', '$1')}`, [tenantId, id]);
  }

  async findByGatewayReference(
    tenantId: string,
    gatewayType: GatewayType,
    gatewayReference: string,
  ): Promise<PaymentTransaction | null> {
    if (!isUuid(tenantId)) return null;
    return this.findOne(
      `WHERE p.gateway_type = $2 AND p.gateway_reference = $3 AND ${ownedByTenant('p.tenant_id', '$1')}`,
      [tenantId, gatewayType, gatewayReference],
    );
  }

  /**
   * The live payment of a source. A late-captured payment is live too but no longer holds the source (a retry may
   * exist beside it): when both exist, the one that holds the source is returned.
   */
  async findLiveBySource(
    tenantId: string,
    boundedContext: string,
    transactionId: string,
  ): Promise<PaymentTransaction | null> {
    if (!isUuid(tenantId)) return null;
    return this.findOne(
      `WHERE p.source_bounded_context = $2 AND p.source_transaction_id = $3 AND ${ownedByTenant('p.tenant_id', '$1')}
         AND p.status NOT IN ('FAILED', 'CANCELLED', 'EXPIRED')
       ORDER BY p.late_capture, p.created_at DESC
       LIMIT 1`,
      [tenantId, boundedContext, transactionId],
    );
  }

  private async findOne(where: string, params: unknown[]): Promise<PaymentTransaction | null> {
    const rows = await preparedQuery<PaymentTransactionRow>(this.dataSource, `${SELECT_PAYMENT} ${where}`, params);
    return rows[0] ? this.mapper.toDomain(rows[0]) : null;
  }
}
