import type { Result } from '@ppm/domain';

/** A payment the gateway settled that PPM holds as closed or in flight: to be applied as the gateway's success. */
export interface SettledPayment {
  tenantId: string;
  gatewayType: string;
  gatewayReference: string;
  gatewayTransactionId: string | null;
  amount: number;
  runId: string;
  itemId: string;
}

/** What applying it did: the command service's effect and the payment's status, or why it was refused. */
export type SettledPaymentOutcome = Result<{ effect: string; status: string }, { code: string; message: string }>;

/**
 * The way a run changes a payment's state: only through the command service (its apply-gateway-result, whose
 * late-capture path takes a success on a failed, expired or cancelled payment). Idempotent by the gateway's ids:
 * applying the same settled payment again changes nothing.
 */
export interface SettledPaymentApplier {
  apply(payment: SettledPayment): Promise<SettledPaymentOutcome>;
}
