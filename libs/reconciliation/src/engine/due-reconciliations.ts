import type { DataSource } from 'typeorm';

/** A configuration and business day that has no current reconciliation yet. */
export interface DueReconciliation {
  configurationId: string;
  tenantId: string;
  gatewayType: string;
  businessDate: string;
}

/**
 * Which (active configuration, business day) pairs the daily job still owes: among `businessDates`, those without
 * a COMPLETED run, and without any run started in the last `retryAfterMs` (a file that was not there yet is tried
 * again later, not every pass).
 */
export class DueReconciliations {
  constructor(private readonly dataSource: DataSource) {}

  async list(businessDates: readonly string[], retryAfterMs: number): Promise<DueReconciliation[]> {
    if (businessDates.length === 0) return [];
    return this.dataSource.query<DueReconciliation[]>(
      `SELECT c.id AS "configurationId", c.tenant_id AS "tenantId", c.gateway_type AS "gatewayType",
              d.day::text AS "businessDate"
         FROM payment_gateway_configurations c
        CROSS JOIN unnest($1::date[]) AS d(day)
        WHERE c.is_active AND c.deleted_at IS NULL
          AND NOT EXISTS (
                SELECT 1 FROM reconciliation_runs r
                 WHERE r.payment_gateway_id = c.id AND r.business_date = d.day
                   AND (r.status = 'COMPLETED' OR r.started_at > now() - make_interval(secs => $2::float8 / 1000)))
        ORDER BY d.day, c.created_at, c.id`,
      [businessDates, retryAfterMs],
    );
  }
}
