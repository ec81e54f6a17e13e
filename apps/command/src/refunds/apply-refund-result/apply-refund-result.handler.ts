import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ApplyRefundResultReply, type Reply } from '@ppm/contracts';
import type { PaymentTransactionRepository } from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { PaymentSaver } from '../../shared/payment-saver';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { ApplyRefundResultCommand } from './apply-refund-result.command';

@CommandHandler(ApplyRefundResultCommand)
export class ApplyRefundResultHandler implements ICommandHandler<ApplyRefundResultCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    private readonly saver: PaymentSaver,
    private readonly clock: Clock,
  ) {}

  async execute({ meta, data }: ApplyRefundResultCommand): Promise<Reply<ApplyRefundResultReply>> {
    const changed = await this.saver.change(
      () => this.payments.findById(meta.tenantId, data.transactionId),
      (payment) =>
        payment.applyRefundResult({
          refundId: data.refundId,
          outcome: data.outcome,
          gatewayRefundId: data.gatewayRefundId ?? null,
          reason: data.reason,
          now: this.clock.now(),
        }),
      eventContextOf(meta),
    );
    if (!changed.ok) {
      return changed.error === 'NOT_FOUND'
        ? fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`)
        : domainFailure(changed.error);
    }
    const refund = changed.payment.findRefund(data.refundId);
    if (!refund) throw new Error(`refund ${data.refundId} is not on payment ${changed.payment.id}`);
    return ok({
      transactionId: changed.payment.id,
      refundId: refund.id,
      status: refund.status,
      paymentStatus: changed.payment.status,
      effect: changed.value.effect,
    });
  }
}
