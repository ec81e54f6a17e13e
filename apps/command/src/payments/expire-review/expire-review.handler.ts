import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ExpireReviewReply, type Reply } from '@ppm/contracts';
import { DomainErrorCode, type PaymentTransactionRepository } from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { PaymentSaver } from '../../shared/payment-saver';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { ExpireReviewCommand } from './expire-review.command';

/**
 * Expires a payment its operators left in PENDING_REVIEW past the review timeout. One they answered meanwhile (or
 * one still within the timeout) is left as it is and answered unchanged: the job that asks runs again anyway.
 */
@CommandHandler(ExpireReviewCommand)
export class ExpireReviewHandler implements ICommandHandler<ExpireReviewCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    private readonly saver: PaymentSaver,
    private readonly clock: Clock,
  ) {}

  async execute({ meta, data }: ExpireReviewCommand): Promise<Reply<ExpireReviewReply>> {
    const load = () => this.payments.findById(meta.tenantId, data.transactionId);
    const reviewTimeoutMs = data.reviewTimeoutMinutes * 60_000;
    const changed = await this.saver.change(
      load,
      (payment) => payment.expireReview({ reviewTimeoutMs, now: this.clock.now() }),
      eventContextOf(meta),
    );
    if (changed.ok) return ok({ transactionId: changed.payment.id, status: changed.payment.status, changed: true });
    if (changed.error === 'NOT_FOUND') {
      return fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`);
    }
    if (changed.error.code !== DomainErrorCode.INVALID_STATE_TRANSITION) return domainFailure(changed.error);
    const current = await load();
    return current
      ? ok({ transactionId: current.id, status: current.status, changed: false })
      : fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`);
  }
}
