import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ApplyGatewayResultReply, type Reply } from '@ppm/contracts';
import { Money, type PaymentTransactionRepository } from '@ppm/domain';
import { gatewayCapabilities } from '@ppm/gateways';
import { Clock } from '../../shared/clock';
import { gatewayContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { PaymentSaver } from '../../shared/payment-saver';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { ApplyGatewayResultCommand } from './apply-gateway-result.command';

@CommandHandler(ApplyGatewayResultCommand)
export class ApplyGatewayResultHandler implements ICommandHandler<ApplyGatewayResultCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    private readonly saver: PaymentSaver,
    private readonly clock: Clock,
  ) {}

  async execute({ meta, data }: ApplyGatewayResultCommand): Promise<Reply<ApplyGatewayResultReply>> {
    const changed = await this.saver.change(
      () => this.payments.findByGatewayReference(meta.tenantId, data.gatewayType, data.gatewayReference),
      (payment) => {
        // Compared in the currency the gateway reports (its callbacks name none): a payment in another currency is
        // an AMOUNT_MISMATCH, never a capture of the same number in another currency.
        const amount = Money.of(data.amount, data.currency ?? gatewayCapabilities(data.gatewayType).reportsIn);
        if (!amount.ok) return amount;
        return payment.applyGatewayResult({
          outcome: data.outcome,
          gatewayTransactionId: data.gatewayTransactionId ?? null,
          amount: amount.value,
          rawCodes: data.rawCodes,
          now: this.clock.now(),
        });
      },
      gatewayContextOf(meta, data.gatewayType),
    );
    if (!changed.ok) {
      return changed.error === 'NOT_FOUND'
        ? fail(
            ErrorCode.TRANSACTION_NOT_FOUND,
            `No ${data.gatewayType} payment with reference ${data.gatewayReference}`,
          )
        : domainFailure(changed.error);
    }
    return ok({ transactionId: changed.payment.id, status: changed.payment.status, effect: changed.value.effect });
  }
}
