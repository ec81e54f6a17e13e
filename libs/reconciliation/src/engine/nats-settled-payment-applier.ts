import { Subjects, type ApplyGatewayResultReply, type ApplyGatewayResultRequest } from '@ppm/contracts';
import { failure, success } from '@ppm/domain';
import type { NatsRequester } from '@ppm/messaging';
import type { SettledPayment, SettledPaymentApplier, SettledPaymentOutcome } from './settled-payment-applier';

/** Sends `ppm.command.payment.apply-gateway-result` with outcome succeeded, as the settlement file reports it. */
export class NatsSettledPaymentApplier implements SettledPaymentApplier {
  constructor(
    private readonly nats: NatsRequester,
    private readonly timeoutMs = 30_000,
  ) {}

  async apply(payment: SettledPayment): Promise<SettledPaymentOutcome> {
    const data: ApplyGatewayResultRequest = {
      gatewayType: payment.gatewayType as ApplyGatewayResultRequest['gatewayType'],
      gatewayReference: payment.gatewayReference,
      outcome: 'succeeded',
      ...(payment.gatewayTransactionId ? { gatewayTransactionId: payment.gatewayTransactionId } : {}),
      amount: payment.amount,
      rawCodes: { source: 'settlement', reconciliationRunId: payment.runId, reconciliationItemId: payment.itemId },
    };
    const reply = await this.nats.request<ApplyGatewayResultReply>(
      Subjects.command.paymentApplyGatewayResult,
      data,
      { tenantId: payment.tenantId, traceId: `reconciliation-${payment.runId}` },
      this.timeoutMs,
    );
    return reply.success
      ? success({ effect: reply.data.effect, status: reply.data.status })
      : failure({ code: reply.error.code, message: reply.error.message });
  }
}
