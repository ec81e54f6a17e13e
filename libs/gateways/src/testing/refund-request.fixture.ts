import { GatewayCallError } from '../port/gateway-call.error';
import type { RefundRequest } from '../port/gateway-types';

/** A partial refund of 50,000 of a 150,000 payment, as the command sends it; `overrides` name the gateway's ids. */
export function refundRequestOf(overrides: Partial<RefundRequest> = {}): RefundRequest {
  return {
    refundRequestId: 'rq0001',
    gatewayReference: 'a1b2c3d4e5f6',
    gatewayTransactionId: '4088878653',
    amount: 50_000n,
    paymentAmount: 150_000n,
    paymentCreatedAt: new Date('2026-11-22T07:29:00Z'),
    reason: 'returned',
    requestedBy: 'ppm',
    now: new Date('2026-11-22T09:00:00Z'),
    clientIp: '127.0.0.1',
    ...overrides,
  };
}

/** What a gateway call came to: its result, or the GatewayCallError it failed with (anything else is rethrown). */
export function outcomeOf<T>(call: Promise<T>): Promise<T | GatewayCallError> {
  return call.catch((error: unknown) => {
    if (error instanceof GatewayCallError) return error;
    throw error;
  });
}
