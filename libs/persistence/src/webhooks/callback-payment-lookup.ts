import type { DataSource } from 'typeorm';
import type { GatewayType } from '@ppm/domain';
import { preparedQuery } from '../shared/prepared-query';

/** The payment a gateway callback names: whose it is and which configuration opened it at the gateway. */
export interface CallbackPayment {
  transactionId: string;
  tenantId: string;
  /** Null only for a payment that never reached a gateway (no configuration chosen). */
  gatewayConfigurationId: string | null;
}

/**
 * Finds the payment a callback names by the gateway's reference, across tenants: a callback names a merchant and
 * an order, never a tenant, and only the configuration that opened that order may vouch for it. The reference is
 * unique per gateway (`uq_payment_transactions_gateway_reference`), so there is at most one.
 */
export class CallbackPaymentLookup {
  constructor(private readonly dataSource: DataSource) {}

  async find(gatewayType: GatewayType, gatewayReference: string): Promise<CallbackPayment | null> {
    const [row] = await preparedQuery<{ id: string; tenant_id: string; payment_gateway_id: string | null }>(
      this.dataSource,
      `SELECT id, tenant_id, payment_gateway_id FROM payment_transactions
        WHERE gateway_type = $1 AND gateway_reference = $2`,
      [gatewayType, gatewayReference],
    );
    return row
      ? { transactionId: row.id, tenantId: row.tenant_id, gatewayConfigurationId: row.payment_gateway_id }
      : null;
  }
}
