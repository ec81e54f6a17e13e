import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import { eventually } from '@ppm/testing';
import type { PpmStack } from './ppm-stack';

const UNSETTLED = ['PENDING', 'FAILED'];

/** The counts a fault test ends with: what happened to every payment, event and webhook of its traffic. */
export interface DeliveryAudit {
  payments: number;
  /** Events PPM committed for these payments (outbox rows: the source of truth of what must be published). */
  eventsCommitted: number;
  /** Distinct event ids a consumer received. */
  eventsDelivered: number;
  /** Committed events no consumer received. */
  lost: number;
  /** Deliveries beyond the first of an id, which consumers drop by id. */
  redeliveries: number;
  /** Payments with more than one distinct payment.succeeded.v1: a state applied twice. */
  appliedTwice: number;
  /** Payments whose distinct events arrived out of aggregateVersion order. */
  orderInversions: number;
  webhooksApplied: number;
  webhooksDuplicate: number;
  /** Webhooks still waiting or given up. */
  webhooksUnsettled: number;
}

/**
 * Waits until every event committed for `transactionIds` was published and received (or the deadline passes), then
 * counts. "Lost" compares the outbox's event ids with the ids the consumer saw; "applied twice" counts distinct
 * succeeded events per payment.
 */
export async function auditDeliveries(stack: PpmStack, transactionIds: readonly string[]): Promise<DeliveryAudit> {
  const committed = async (): Promise<{ id: string; status: string }[]> =>
    stack.rows<{ id: string; status: string }>(
      `SELECT id, status FROM outbox_events WHERE aggregate_id = ANY($1::uuid[])`,
      [transactionIds],
    );
  const missing = async (): Promise<string[]> => {
    const delivered = new Set(stack.events.events().map((e) => e.id));
    return (await committed()).filter((row) => !delivered.has(row.id)).map((row) => row.id);
  };
  const stillMissing = await eventually(missing, (ids) => ids.length === 0, {
    what: 'every committed event delivered to the consumer',
    timeoutMs: 60_000,
    intervalMs: 250,
  }).catch(() => missing());
  const rows = await committed();
  const countWebhooks = () =>
    stack.rows<{ status: string; n: number }>(
      `SELECT processing_status AS status, count(*)::int AS n FROM webhook_events
        WHERE tenant_id = $1 AND verification = 'VERIFIED' GROUP BY processing_status`,
      [stack.tenant.tenantId],
    );
  // Copies refused while a dependency was down are retried by the worker's loop with a growing pause: give it time.
  const webhooks = await eventually(countWebhooks, (counts) => !counts.some((w) => UNSETTLED.includes(w.status)), {
    what: 'every stored webhook applied or found a duplicate',
    timeoutMs: 60_000,
    intervalMs: 250,
  }).catch(() => countWebhooks());
  const webhookCount = (...statuses: string[]) =>
    webhooks.filter((w) => statuses.includes(w.status)).reduce((sum, w) => sum + w.n, 0);
  const ids = new Set(transactionIds);
  const ours = stack.events.events().filter((e) => ids.has(e.aggregateId));
  // Grouped once: a soak's tens of thousands of payments made a filter per payment run for an hour.
  const byPayment = groupByPayment(ours);
  const eventsOf = (id: string): EventEnvelope[] => byPayment.get(id) ?? [];
  return {
    payments: transactionIds.length,
    eventsCommitted: rows.length,
    eventsDelivered: ours.length,
    lost: stillMissing.length,
    redeliveries: stack.events.deliveries.filter((e) => ids.has(e.aggregateId)).length - ours.length,
    appliedTwice: transactionIds.filter(
      (id) => eventsOf(id).filter((e) => e.type === EventTypes.paymentSucceeded).length > 1,
    ).length,
    orderInversions: transactionIds.filter((id) => !inVersionOrder(eventsOf(id))).length,
    webhooksApplied: webhookCount('APPLIED'),
    webhooksDuplicate: webhookCount('DUPLICATE'),
    webhooksUnsettled: webhookCount(...UNSETTLED),
  };
}

/** One line for the printed check list. */
export function describeAudit(audit: DeliveryAudit): string {
  return (
    `payments ${audit.payments}, events committed ${audit.eventsCommitted}, delivered ${audit.eventsDelivered} ` +
    `(+${audit.redeliveries} redeliveries dropped by id), webhooks applied ${audit.webhooksApplied} ` +
    `(+${audit.webhooksDuplicate} duplicates), lost ${audit.lost}, applied twice ${audit.appliedTwice}, ` +
    `order inversions ${audit.orderInversions}, webhooks unsettled ${audit.webhooksUnsettled}`
  );
}

/** The events of each payment, in arrival order. */
export function groupByPayment(events: readonly EventEnvelope[]): Map<string, EventEnvelope[]> {
  const groups = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    const group = groups.get(event.aggregateId);
    if (group) group.push(event);
    else groups.set(event.aggregateId, [event]);
  }
  return groups;
}

function inVersionOrder(events: EventEnvelope[]): boolean {
  return events.every((e, i) => i === 0 || e.aggregateVersion > (events[i - 1]?.aggregateVersion ?? 0));
}

/**
 * Payments of the stack's tenant that were stored although their caller was not answered success (a refusal or an
 * outcome-unknown answer during a fault), by status: a caller that retries with its idempotency key finds them.
 */
export async function storedUnconfirmed(
  stack: PpmStack,
  confirmedIds: readonly string[],
): Promise<Record<string, number>> {
  const rows = await stack.rows<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM payment_transactions
      WHERE tenant_id = $1 AND NOT (id = ANY($2::uuid[])) GROUP BY status`,
    [stack.tenant.tenantId, confirmedIds],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
