import type { DataSource } from 'typeorm';
import { failure } from '@ppm/domain';
import type { ReconciliationResult } from './reconciliation-result';
import { SETTLED_PAYMENTS_TO_APPLY } from './reconciliation-sql';
import type { SettledPaymentApplier } from './settled-payment-applier';
import type { ReconciledConfiguration } from './settlement-loader';

/** Items read per page. */
const PAGE_SIZE = 100;

/**
 * Acts on a completed run's settled payments that PPM holds as closed (late captures) or in flight: each goes to
 * the command service through `applier`, a page at a time, and its item records what that did. A refusal or an
 * unreachable command service is recorded on the item and leaves the mismatch for a re-run or an operator.
 */
export class SettledPaymentItems {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applier: SettledPaymentApplier,
  ) {}

  /** Applies the run's settled payments, counting on `result` those applied and those that failed. */
  async apply(result: ReconciliationResult, configuration: ReconciledConfiguration): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: { id: string; gateway_reference: string; gateway_transaction_id: string; amount: string }[] =
        await this.dataSource.query(SETTLED_PAYMENTS_TO_APPLY, [result.runId, after, PAGE_SIZE]);
      for (const item of page) {
        const outcome = await this.applier
          .apply({
            tenantId: configuration.tenant_id,
            gatewayType: configuration.gateway_type,
            gatewayReference: item.gateway_reference,
            gatewayTransactionId: item.gateway_transaction_id || null,
            amount: Number(item.amount),
            runId: result.runId,
            itemId: item.id,
          })
          .catch((error: unknown) =>
            failure({ code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) }),
          );
        if (outcome.ok) result.settledPaymentsApplied += 1;
        else result.settledPaymentsFailed += 1;
        const action = outcome.ok
          ? { type: 'APPLY_GATEWAY_RESULT', effect: outcome.value.effect, status: outcome.value.status }
          : { type: 'APPLY_GATEWAY_RESULT', errorCode: outcome.error.code, error: outcome.error.message };
        await this.dataSource.query(
          `UPDATE reconciliation_items
              SET details = COALESCE(details, '{}'::jsonb) || jsonb_build_object('action', $2::jsonb,
                                                                                 'actedAt', now())
            WHERE id = $1`,
          [item.id, JSON.stringify(action)],
        );
      }
      const last = page[page.length - 1];
      if (!last || page.length < PAGE_SIZE) return;
      after = last.id;
    }
  }
}
