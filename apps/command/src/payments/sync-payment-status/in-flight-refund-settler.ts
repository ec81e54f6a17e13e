import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  GatewayCallError,
  gmt7DatePrefix,
  PaymentGateways,
  type GatewayAccount,
  type PaymentGateway,
  type RefundStatus,
} from '@ppm/gateways';
import {
  success,
  type ApplyOutcome,
  type EventContext,
  type PaymentTransaction,
  type PaymentTransactionRepository,
  type Refund,
  type Result,
} from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { IdGenerator } from '../../shared/id-generator';
import { PaymentSaver } from '../../shared/payment-saver';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';

/** What settling a payment's refunds in flight did. */
export interface RefundSettlement {
  payment: PaymentTransaction;
  /** A refund reached its final state. */
  changed: boolean;
  /** The first query that got no usable answer (its refund stays in flight), if any. */
  failure: GatewayCallError | null;
}

// ZaloPay's query_refund answer for an m_refund_id it does not know.
const ZALOPAY_REFUND_NOT_FOUND = '2/-101';

/**
 * Asks the gateway about a payment's refunds still in flight (PROCESSING) and records the final answers. ZaloPay's
 * refunds are asynchronous and polled by their m_refund_id; MoMo's are synchronous, but one whose answer was lost
 * (an HTTP 5xx, a reset) is found in the payment's query, which lists the refunds MoMo made. VNPay has no refund
 * query: its querydr reports the payment's latest transaction, refunds included, so a VNPay refund is settled only
 * when that answer can be nobody else's (it is the payment's latest refund and no other has its amount); the rest
 * stay in flight for reconciliation or an operator. A refund the gateway says it does not know stays in flight too:
 * "not found" is not a decline (the refund may be in transit), so it never frees the refunded amount.
 */
@Injectable()
export class InFlightRefundSettler {
  private readonly logger = new Logger(InFlightRefundSettler.name);

  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    private readonly gateways: PaymentGateways,
    private readonly saver: PaymentSaver,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async settle(payment: PaymentTransaction, account: GatewayAccount, context: EventContext): Promise<RefundSettlement> {
    const settlement: RefundSettlement = { payment, changed: false, failure: null };
    const gateway = this.gateways.forAccount(account);
    for (const refund of payment.refunds.filter((r) => r.status === 'PROCESSING')) {
      let status: RefundStatus | null;
      try {
        status = await this.query(gateway, account, payment, refund);
      } catch (error) {
        if (!(error instanceof GatewayCallError)) throw error;
        this.logger.warn(
          { transactionId: payment.id, refundId: refund.id, code: error.code, rawCode: error.rawCode },
          'refund status query failed',
        );
        settlement.failure ??= error;
        continue;
      }
      if (!status || status.outcome === 'pending') continue;
      const final = status;
      const saved = await this.saver.change(
        () => this.payments.findById(payment.tenantId, payment.id),
        (current) => this.decide(current, refund.id, final),
        context,
      );
      if (!saved.ok)
        throw new Error(
          `refund ${refund.id}: could not record the gateway's answer (${saved.error === 'NOT_FOUND' ? 'payment gone' : saved.error.code})`,
        );
      settlement.payment = saved.payment;
      settlement.changed ||= saved.value.effect === 'APPLIED';
    }
    return settlement;
  }

  // The gateway's view of one refund, or null when it cannot be asked for it unambiguously or does not know it.
  private query(
    gateway: PaymentGateway,
    account: GatewayAccount,
    payment: PaymentTransaction,
    refund: Refund,
  ): Promise<RefundStatus | null> {
    if (account.gatewayType === 'ZALOPAY') return this.queryZalopay(gateway, account.credentials.appId, refund);
    if (account.gatewayType === 'VNPAY' && !isOnlyCandidate(payment, refund)) return Promise.resolve(null);
    const snapshot = payment.toSnapshot();
    return gateway.queryRefund({
      refundRequestId: refund.gatewayRequestId,
      now: this.clock.now(),
      amount: refund.amount.minorUnits,
      payment: {
        gatewayReference: snapshot.gatewayReference ?? '',
        requestId: this.ids.gatewayReference(),
        // The date the refund was sent with (VNPay knows the payment by its reference and this date).
        createdAt: snapshot.attempts.find((a) => a.status === 'SUCCEEDED')?.createdAt ?? snapshot.createdAt,
      },
    });
  }

  // A callback or another sync may have settled the refund since it was loaded: its state is then the truth.
  private decide(current: PaymentTransaction, refundId: string, status: RefundStatus): Result<ApplyOutcome> {
    if (current.findRefund(refundId)?.status !== 'PROCESSING') return success({ effect: 'DUPLICATE' as const });
    return current.applyRefundResult({
      refundId,
      outcome: status.outcome === 'succeeded' ? 'succeeded' : 'failed',
      gatewayRefundId: status.gatewayRefundId,
      reason: status.outcome === 'failed' ? `The gateway declined the refund (code ${status.rawCode})` : undefined,
      now: this.clock.now(),
    });
  }

  // ZaloPay knows a refund by its m_refund_id, `yymmdd_<app_id>_<our request id>` dated (GMT+7) the day the refund
  // was sent, which lies between the refund's creation and its being recorded as sent: across midnight both days
  // are asked. Null when ZaloPay knows neither.
  private async queryZalopay(gateway: PaymentGateway, appId: string, refund: Refund): Promise<RefundStatus | null> {
    const sentAs = new RegExp(`^\\d{6}_${appId}_`).test(refund.gatewayRequestId)
      ? [refund.gatewayRequestId]
      : [...new Set([gmt7DatePrefix(refund.createdAt), gmt7DatePrefix(refund.updatedAt)])].map(
          (day) => `${day}_${appId}_${refund.gatewayRequestId}`,
        );
    for (const refundRequestId of sentAs) {
      const status = await gateway.queryRefund({ refundRequestId, now: this.clock.now() });
      if (status.rawCode !== ZALOPAY_REFUND_NOT_FOUND) return status;
    }
    return null;
  }
}

// VNPay's querydr reports a payment's latest refund only: it speaks of `refund` unambiguously when no refund of the
// payment came after it and none other has its amount (whatever their states).
function isOnlyCandidate(payment: PaymentTransaction, refund: Refund): boolean {
  return payment.refunds.every(
    (other) =>
      other.id === refund.id ||
      (other.createdAt.getTime() <= refund.createdAt.getTime() && other.amount.minorUnits !== refund.amount.minorUnits),
  );
}
