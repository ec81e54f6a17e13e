import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ProcessRefundReply, type Reply } from '@ppm/contracts';
import { failure, Money, type PaymentTransaction, type PaymentTransactionRepository } from '@ppm/domain';
import { refundRefusal } from '@ppm/gateways';
import { KEY_TAKEN_REPLY } from '../../shared/claimed-key';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { capabilityRefusalError } from '../../shared/capability-refusal';
import { domainFailure } from '../../shared/domain-reply';
import { IdGenerator } from '../../shared/id-generator';
import { PaymentSaver } from '../../shared/payment-saver';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { GatewayRefundSender, type RefundSending } from './gateway-refund-sender';
import { ProcessRefundCommand } from './process-refund.command';

/** How a refund requested without a `sourceRefundId` but with an idempotency key records that key. */
const IDEMPOTENCY_KEY_SOURCE = 'idempotency-key:';

@CommandHandler(ProcessRefundCommand)
export class ProcessRefundHandler implements ICommandHandler<ProcessRefundCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    private readonly saver: PaymentSaver,
    private readonly sender: GatewayRefundSender,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute({ meta, data, claimedKey }: ProcessRefundCommand): Promise<Reply<ProcessRefundReply>> {
    if (data.manual && !meta.userId) {
      return fail(ErrorCode.VALIDATION_ERROR, 'A manual refund names the operator who says it was paid back (userId)', {
        field: 'manual',
      });
    }
    const context = eventContextOf(meta);
    const refundId = this.ids.uuid();
    // Without a source refund id, the idempotency key names the refund: a retry after an execution that failed
    // (which releases the key) then finds the refund it reserved, maybe already sent, instead of sending a second.
    const sourceRefundId =
      data.sourceRefundId ?? (meta.idempotencyKey ? `${IDEMPOTENCY_KEY_SOURCE}${meta.idempotencyKey}` : null);
    // Reserving the amount is the concurrency guard: two refunds racing for the last amount cannot both save. Its
    // write also claims the request's key when the request does not hold it yet.
    const reserved = await this.saver.change(
      () => this.payments.findById(meta.tenantId, data.transactionId),
      (payment) => {
        const amount = Money.of(data.amount, payment.amount.currency);
        if (!amount.ok) return amount;
        // A refund is in the payment's currency: one the gateway does not take (a payment stored before currencies
        // were checked) is refused before anything is reserved or sent.
        const refusal = refundRefusal(
          payment.gatewayType,
          amount.value.currency,
          amount.value.minorUnits,
          payment.amount.minorUnits,
          data.manual,
        );
        if (refusal) {
          return failure(capabilityRefusalError(refusal, payment.gatewayType, { currency: amount.value.currency }));
        }
        const now = this.clock.now();
        const requested = payment.requestRefund({
          refundId,
          amount: amount.value,
          reason: data.reason,
          sourceRefundId,
          gatewayRequestId: this.ids.gatewayReference(),
          initiatedByUserId: meta.userId ?? null,
          now,
        });
        // The money already went back by the merchant's transfer: recorded as done in the same write, audited
        // with the operator as its actor; a repeat finds it done.
        if (!data.manual || !requested.ok || requested.value.effect === 'DUPLICATE') return requested;
        const recorded = payment.applyRefundResult({ refundId, outcome: 'succeeded', gatewayRefundId: null, now });
        return recorded.ok ? requested : recorded;
      },
      context,
      undefined,
      undefined,
      { key: claimedKey },
    );
    if (!reserved.ok) {
      if (reserved.error === 'KEY_TAKEN') return KEY_TAKEN_REPLY;
      return reserved.error === 'NOT_FOUND'
        ? fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`)
        : domainFailure(reserved.error);
    }
    const { refund, effect } = reserved.value;
    // A repeat of a refund that is past REQUESTED answers as it stands. One still REQUESTED was never sent, or its
    // sender died before recording the answer (nothing else settles REQUESTED refunds): send it now, with its own
    // gateway request id, which the gateway deduplicates, so it can't be refunded twice.
    if (effect === 'DUPLICATE' && refund.status !== 'REQUESTED') return ok(this.reply(reserved.payment, refund.id));
    if (data.manual) return ok(this.reply(reserved.payment, refund.id));
    // A duplicate whose write claimed nothing may race the request still sending this refund: the key is claimed
    // first, so only the run holding it sends (a retry after a crash holds it and sends again).
    if (effect === 'DUPLICATE' && claimedKey && !claimedKey.held) return KEY_TAKEN_REPLY;

    // The write of the gateway's answer stores this reply in the request's key.
    const sending = await this.sender.send(reserved.payment, refund, meta.userId ?? 'ppm', context, {
      key: claimedKey,
      replyOf: (sent) => this.replyOfSending(sent, refund.id),
    });
    return this.replyOfSending(sending, refund.id);
  }

  private replyOfSending(sending: RefundSending, refundId: string): Reply<ProcessRefundReply> {
    const reply = this.reply(sending.payment, refundId);
    if (sending.kind === 'unknown')
      return fail(sending.error.code, sending.error.message, { ...reply, gatewayCode: sending.error.rawCode ?? null });
    return ok(reply);
  }

  private reply(payment: PaymentTransaction, refundId: string): ProcessRefundReply {
    const refund = payment.findRefund(refundId);
    if (!refund) throw new Error(`refund ${refundId} is not on payment ${payment.id}`);
    return {
      refundId,
      transactionId: payment.id,
      status: refund.status,
      amount: Number(refund.amount.minorUnits),
      remainingRefundable: Number(payment.refundableAmount().minorUnits),
    };
  }
}
