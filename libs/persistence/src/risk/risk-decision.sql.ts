import type { RiskDecisionRecord } from '@ppm/domain';

/**
 * A risk decision row from the 14 parameters from `$first` on (`riskDecisionValues`), written when `condition` holds:
 * a refusal's own statement, or a CTE of the payment write it admitted. Written once: a retried run that decides
 * again keeps the first.
 */
export const INSERT_RISK_DECISION = (first: number, condition: string): string => {
  const p = (offset: number): string => `$${first + offset}`;
  return `
  INSERT INTO risk_decisions (
    id, tenant_id, payment_transaction_id, source_bounded_context, source_transaction_id, action, rules_hit,
    rule_set_version, counters_unavailable, amount, currency, customer_ref, client_ip, decided_at)
  SELECT ${p(0)}::uuid, ${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::jsonb, ${p(7)}::int,
         ${p(8)}::boolean, ${p(9)}::bigint, ${p(10)}, ${p(11)}, ${p(12)}::inet, ${p(13)}::timestamptz
   WHERE ${condition}
  ON CONFLICT DO NOTHING`;
};

/** The parameters of `INSERT_RISK_DECISION`, in its order. */
export function riskDecisionValues(record: RiskDecisionRecord): unknown[] {
  return [
    record.id,
    record.tenantId,
    record.paymentId,
    record.source.boundedContext,
    record.source.transactionId,
    record.decision.action,
    JSON.stringify(record.decision.rulesHit),
    record.decision.ruleSetVersion,
    record.countersUnavailable,
    record.amount.minorUnits.toString(),
    record.amount.currency,
    record.customerRef,
    record.clientIp,
    record.decidedAt,
  ];
}
