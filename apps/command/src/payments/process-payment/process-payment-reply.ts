import { fail, ok, type ProcessPaymentReply, type Reply } from '@ppm/contracts';
import type { OrderOpening } from './gateway-order-opener';

/** The same reply whether the order was opened now or by an execution that was interrupted before replying. */
export function processPaymentReplyOf(opening: OrderOpening): Reply<ProcessPaymentReply> {
  const result = opening.payment;
  const reply: ProcessPaymentReply = {
    transactionId: result.id,
    status: result.status,
    gatewayType: result.gatewayType,
    gatewayReference: result.gatewayReference,
    paymentUrl: result.paymentUrl,
    expiresAt: result.expiresAt.toISOString(),
  };
  if (opening.kind === 'opened') return ok({ ...reply, ...opening.qr });
  return fail(opening.error.code, opening.error.message, { ...reply, gatewayCode: opening.error.rawCode ?? null });
}
