/** RabbitMQ topic exchange that carries PPM's domain events. */
export const EVENTS_EXCHANGE = 'ppm.events';

/** Routing keys of PPM's domain events: `ppm.<aggregate>.<event>.v<N>`. */
export const EventTypes = {
  paymentCreated: 'ppm.payment.created.v1',
  paymentSucceeded: 'ppm.payment.succeeded.v1',
  paymentFailed: 'ppm.payment.failed.v1',
  paymentCancelled: 'ppm.payment.cancelled.v1',
  paymentExpired: 'ppm.payment.expired.v1',
  /** Money captured after PPM had failed, cancelled or expired the payment: follows its paymentSucceeded. */
  paymentLateCaptured: 'ppm.payment.late-captured.v1',
  /** The tenant's risk rules held a new payment for an operator's review (`data`: the rules hit, the set's version). */
  paymentHeldForReview: 'ppm.payment.held-for-review.v1',
  /** An operator approved a payment held for review; its gateway order is opened next. */
  paymentReviewApproved: 'ppm.payment.review-approved.v1',
  /** The tenant's risk rules refused a payment before it was stored (`aggregateId`: the decision's id). */
  paymentRiskBlocked: 'ppm.payment.risk-blocked.v1',
  refundRequested: 'ppm.refund.requested.v1',
  refundProcessed: 'ppm.refund.processed.v1',
  refundFailed: 'ppm.refund.failed.v1',
  gatewayConfigAdded: 'ppm.gateway-config.added.v1',
  gatewayConfigUpdated: 'ppm.gateway-config.updated.v1',
  /** A tenant replaced its risk rules (`data`: the new version and rules). */
  riskRulesUpdated: 'ppm.risk-rules.updated.v1',
  reconciliationCompleted: 'ppm.reconciliation.completed.v1',
  reconciliationMismatchDetected: 'ppm.reconciliation.mismatch-detected.v1',
  auditRecorded: 'ppm.audit.recorded.v1',
  /** Every row of a tenant was deleted (its data carries only the tenant id and counts). */
  tenantPurged: 'ppm.tenant.purged.v1',
  webhookEndpointCreated: 'ppm.webhook-endpoint.created.v1',
  webhookEndpointUpdated: 'ppm.webhook-endpoint.updated.v1',
  webhookEndpointDeleted: 'ppm.webhook-endpoint.deleted.v1',
  /** A new signing secret; the previous one keeps signing (beside it) until its overlap ends. Carries no secret. */
  webhookEndpointSecretRotated: 'ppm.webhook-endpoint.secret-rotated.v1',
  /** A merchant webhook endpoint that failed every delivery for days was disabled (no deliveries until enabled). */
  webhookEndpointDisabled: 'ppm.webhook-endpoint.disabled.v1',
  /** Audit actions of steering deliveries (a retry, a recovery, a test ping): audited, never published as events. */
  webhookDeliveryRetried: 'ppm.webhook-delivery.retried.v1',
  webhookEndpointRecovered: 'ppm.webhook-endpoint.recovered.v1',
  webhookEndpointTested: 'ppm.webhook-endpoint.tested.v1',
} as const;

/** The envelope every domain event travels in. `id` is the consumers' dedup key. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  tenantId: string | null;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  traceId: string;
  correlationId: string;
  causationId: string | null;
  data: T;
}
