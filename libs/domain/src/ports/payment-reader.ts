import type { GatewayType } from '../gateway-configuration/gateway-type';
import type { PaymentTransaction } from '../payment/payment-transaction.aggregate';

/** Injection token of the `PaymentReader` port. */
export const PAYMENT_READER = Symbol('PaymentReader');

/**
 * Payments as stored, for code that only looks at them: the worker changes a payment through the command
 * service, never by saving it, so it holds no writer.
 */
export interface PaymentReader {
  /** The payment a gateway knows by `gatewayReference` (what its callbacks and queries name). */
  findByGatewayReference(
    tenantId: string,
    gatewayType: GatewayType,
    gatewayReference: string,
  ): Promise<PaymentTransaction | null>;
}
