import { EventTypes, type ProcessPaymentReply } from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import { auditDeliveries, describeAudit, storedUnconfirmed, type DeliveryAudit } from './delivery-audit';
import { GATEWAYS, type PpmStack } from './ppm-stack';

/** A payment a fault test made, with the gateway that must capture it. */
export interface MadePayment {
  gatewayType: GatewayType;
  payment: ProcessPaymentReply;
}

/** What a fault test's traffic came to once it settled: the delivery counts and the payments nobody was told of. */
export interface FaultOutcome {
  ids: string[];
  audit: DeliveryAudit;
  /** Payments of the tenant stored although their caller was not answered success, by status. */
  unconfirmed: Record<string, number>;
}

/** The gateway of the `i`-th payment, in turn over `gateways`. */
export function gatewayAt(i: number, gateways: readonly GatewayType[] = GATEWAYS): GatewayType {
  return gateways[i % gateways.length] ?? 'MOMO';
}

/**
 * Waits until every payment of `paid` reads SUCCEEDED, counts what happened to its events and webhooks, and prints
 * the counts with the spec's checks: the ending every fault spec shares.
 */
export async function settleFaultTraffic(
  stack: PpmStack,
  paid: readonly MadePayment[],
  timeoutMs = 60_000,
): Promise<FaultOutcome> {
  const ids = paid.map(({ payment }) => payment.transactionId);
  for (const id of ids) await stack.waitForStatus(id, 'SUCCEEDED', { timeoutMs });
  const audit = await auditDeliveries(stack, ids);
  stack.checks.record(describeAudit(audit));
  const unconfirmed = await storedUnconfirmed(stack, ids);
  stack.checks.record(
    `payments stored although their caller was not answered success: ${JSON.stringify(unconfirmed)} ` +
      '(none SUCCEEDED: a refused payment is never captured)',
  );
  return { ids, audit, unconfirmed };
}

/**
 * The counts every fault must leave at zero: no committed event lost, no payment captured twice or its events out
 * of order, no webhook left unsettled, no payment captured whose caller was told it failed.
 */
export function expectNothingLost(stack: PpmStack, { ids, audit, unconfirmed }: FaultOutcome): void {
  expect(audit).toMatchObject({
    payments: ids.length,
    lost: 0,
    appliedTwice: 0,
    orderInversions: 0,
    webhooksUnsettled: 0,
  });
  expect(audit.eventsDelivered).toBe(audit.eventsCommitted);
  expect(unconfirmed['SUCCEEDED']).toBeUndefined();
  for (const id of ids) expect(stack.events.events(id, EventTypes.paymentSucceeded)).toHaveLength(1);
}
