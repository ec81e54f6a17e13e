import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type ReviewPaymentReply } from '@ppm/contracts';
import {
  RISK_DECISIONS,
  success,
  type EventContext,
  type GatewayConfigurationRepository,
  type PaymentTransaction,
  type PaymentTransactionRepository,
  type RiskDecisionRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { IdGenerator } from '../../shared/id-generator';
import { PaymentSaver } from '../../shared/payment-saver';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { GatewayOrderOpener, SERVICE_CLIENT_IP } from '../process-payment/gateway-order-opener';
import { ReviewPaymentCommand } from './review-payment.command';

/**
 * An operator's answer to a payment in PENDING_REVIEW, audited with its event: a rejection cancels it; an approval
 * starts its first attempt in the same write, then opens the gateway order as `payment.process` would have, with
 * the customer's address the caller gave.
 */
@CommandHandler(ReviewPaymentCommand)
export class ReviewPaymentHandler implements ICommandHandler<ReviewPaymentCommand> {
  private readonly logger = new Logger(ReviewPaymentHandler.name);

  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    @Inject(RISK_DECISIONS) private readonly decisions: RiskDecisionRepository,
    private readonly saver: PaymentSaver,
    private readonly opener: GatewayOrderOpener,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute({ meta, data }: ReviewPaymentCommand): Promise<Reply<ReviewPaymentReply>> {
    const now = this.clock.now();
    const review = { decision: data.decision, reviewedBy: meta.userId ?? null, note: data.note ?? null, now };
    const context = eventContextOf(meta);
    let stored: StoredGatewayConfiguration | null = null;
    const changed = await this.saver.change(
      async () => {
        const payment = await this.payments.findById(meta.tenantId, data.transactionId);
        if (payment && data.decision === 'APPROVE') stored = await this.configurationOf(payment);
        return payment;
      },
      (payment) => {
        const reviewed = payment.review(review);
        if (!reviewed.ok || data.decision === 'REJECT') return reviewed;
        // The configuration may have been switched off (or lost the method) while the payment waited: approving
        // then would open an order it no longer allows, so the approval is refused and the payment stays in review.
        const usable = configurationLoaded(stored, payment).configuration.ensureCanProcess(payment.paymentMethod);
        if (!usable.ok) return usable;
        const reference = this.ids.gatewayReference();
        const started = payment.startAttempt({
          attemptId: this.ids.uuid(),
          gatewayRequestId: reference,
          gatewayReference: reference,
          now,
        });
        return started.ok ? success(undefined) : started;
      },
      context,
    );
    if (!changed.ok) {
      return changed.error === 'NOT_FOUND'
        ? fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`)
        : domainFailure(changed.error);
    }
    const kept = await this.decisions.recordReview(meta.tenantId, changed.payment.id, {
      decision: review.decision,
      reviewedBy: review.reviewedBy,
      note: review.note,
      reviewedAt: now,
    });
    if (!kept) this.logger.warn({ transactionId: changed.payment.id }, 'reviewed payment has no risk decision row');
    if (data.decision === 'REJECT') return ok(replyOf(changed.payment));
    return ok(replyOf(await this.open(changed.payment, configurationLoaded(stored, changed.payment), context)));
  }

  private async configurationOf(payment: PaymentTransaction): Promise<StoredGatewayConfiguration> {
    const stored = await this.configurations.findById(payment.tenantId, payment.gatewayConfigurationId);
    if (!stored)
      throw new Error(
        `payment ${payment.id} names gateway configuration ${payment.gatewayConfigurationId}, which is gone`,
      );
    return stored;
  }

  private async open(
    payment: PaymentTransaction,
    stored: StoredGatewayConfiguration,
    context: EventContext,
  ): Promise<PaymentTransaction> {
    const clientIp = payment.toSnapshot().clientIp ?? SERVICE_CLIENT_IP;
    // No key: the review's own reply is stored by its idempotent execution, not the opener's.
    return (await this.opener.open(payment, stored, clientIp, context, null)).payment;
  }
}

// The approval's load reads the payment's configuration with it: missing, the load did not run for this payment.
function configurationLoaded(
  stored: StoredGatewayConfiguration | null,
  payment: PaymentTransaction,
): StoredGatewayConfiguration {
  if (!stored) throw new Error(`payment ${payment.id}: its gateway configuration was not loaded for the approval`);
  return stored;
}

function replyOf(payment: PaymentTransaction): ReviewPaymentReply {
  return {
    transactionId: payment.id,
    status: payment.status,
    paymentUrl: payment.paymentUrl,
    failureCode: payment.failureCode,
  };
}
