import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type CancelPaymentReply, type Reply } from '@ppm/contracts';
import type { PaymentTransactionRepository } from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { PaymentSaver } from '../../shared/payment-saver';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { CancelPaymentCommand } from './cancel-payment.command';

@CommandHandler(CancelPaymentCommand)
export class CancelPaymentHandler implements ICommandHandler<CancelPaymentCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    private readonly saver: PaymentSaver,
    private readonly clock: Clock,
  ) {}

  async execute({ meta, data }: CancelPaymentCommand): Promise<Reply<CancelPaymentReply>> {
    const changed = await this.saver.change(
      () => this.payments.findById(meta.tenantId, data.transactionId),
      (payment) => payment.cancel({ reason: data.reason, now: this.clock.now() }),
      eventContextOf(meta),
    );
    if (!changed.ok) {
      return changed.error === 'NOT_FOUND'
        ? fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`)
        : domainFailure(changed.error);
    }
    return ok({ transactionId: changed.payment.id, status: changed.payment.status });
  }
}
