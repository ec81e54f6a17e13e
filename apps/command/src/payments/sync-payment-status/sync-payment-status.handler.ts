import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type SyncPaymentStatusReply } from '@ppm/contracts';
import {
  isInFlightStatus,
  Money,
  success,
  type ApplyOutcome,
  type EventContext,
  type GatewayConfigurationRepository,
  type GatewayType,
  type PaymentTransaction,
  type PaymentTransactionRepository,
  type Result,
} from '@ppm/domain';
import {
  GatewayCallError,
  gatewayAccountOf,
  gatewayCapabilities,
  PaymentGateways,
  type GatewayAccount,
  type PaymentStatus as GatewayPaymentStatus,
} from '@ppm/gateways';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import type { GatewayEndpoints } from '../../shared/gateway-accounts';
import { GATEWAY_ENDPOINTS } from '../../shared/gateway-endpoints.token';
import { IdGenerator } from '../../shared/id-generator';
import { PaymentSaver } from '../../shared/payment-saver';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { InFlightRefundSettler } from './in-flight-refund-settler';
import { SyncPaymentStatusCommand } from './sync-payment-status.command';

const CALLER_IP = '127.0.0.1';

// The gateway's own name of the status a query answers with, so a failure code reads like the gateway's docs.
const QUERY_CODE_NAMES: Readonly<Record<GatewayType, string>> = {
  VNPAY: 'vnp_TransactionStatus',
  MOMO: 'resultCode',
  ZALOPAY: 'return_code/sub_return_code',
  VIETQR: 'transferType',
};

// A payment whose order never reached the gateway reads as the gateway's "not found".
const NEVER_SENT: GatewayPaymentStatus = {
  outcome: 'not_found',
  gatewayTransactionId: null,
  amount: null,
  rawCode: '',
  raw: {},
};

// A capture or closure whose answer carries no amount: unknown, never an outcome.
function reportsWithoutAmount(status: GatewayPaymentStatus): boolean {
  return status.amount === null && (status.outcome === 'succeeded' || isClosure(status.outcome));
}

// The gateway closed the payment without a capture: the customer failed or called it off.
function isClosure(outcome: GatewayPaymentStatus['outcome']): outcome is 'failed' | 'cancelled' {
  return outcome === 'failed' || outcome === 'cancelled';
}

/**
 * Settles what callbacks did not: a payment still in flight is queried at its gateway and moved to what the gateway
 * says (captured, failed; expired once past its expiry while the gateway still waits or never saw the order); a
 * captured payment's refunds in flight are settled by `InFlightRefundSettler`. A gateway that does not answer
 * changes nothing: no answer is never taken for an outcome. Final payments without refunds in flight are answered
 * from the database without calling the gateway.
 */
@CommandHandler(SyncPaymentStatusCommand)
export class SyncPaymentStatusHandler implements ICommandHandler<SyncPaymentStatusCommand> {
  private readonly logger = new Logger(SyncPaymentStatusHandler.name);

  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    @Inject(GATEWAY_ENDPOINTS) private readonly endpoints: GatewayEndpoints,
    private readonly gateways: PaymentGateways,
    private readonly saver: PaymentSaver,
    private readonly refunds: InFlightRefundSettler,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute({ meta, data }: SyncPaymentStatusCommand): Promise<Reply<SyncPaymentStatusReply>> {
    const payment = await this.payments.findById(meta.tenantId, data.transactionId);
    if (!payment) return fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} not found`);
    // Only a captured payment has refunds, so a payment has either its own outcome or refunds in flight, not both.
    const refundsInFlight = payment.refunds.filter((r) => r.status === 'PROCESSING').map((r) => r.id);
    if (isInFlightStatus(payment.status)) return this.syncPayment(payment, eventContextOf(meta));
    if (refundsInFlight.length === 0) return ok(this.reply(payment, false, []));

    const settled = await this.refunds.settle(payment, await this.accountOf(payment), eventContextOf(meta));
    const reply = this.reply(settled.payment, settled.changed, refundsInFlight);
    return settled.failure
      ? fail(settled.failure.code, settled.failure.message, { ...reply, gatewayCode: settled.failure.rawCode ?? null })
      : ok(reply);
  }

  private async syncPayment(
    payment: PaymentTransaction,
    context: EventContext,
  ): Promise<Reply<SyncPaymentStatusReply>> {
    let status: GatewayPaymentStatus;
    try {
      status = await this.query(payment);
    } catch (error) {
      if (!(error instanceof GatewayCallError)) throw error;
      this.logger.warn(
        { transactionId: payment.id, code: error.code, rawCode: error.rawCode },
        'payment status query failed',
      );
      return fail(error.code, error.message, { ...this.reply(payment, false, []), gatewayCode: error.rawCode ?? null });
    }
    if (reportsWithoutAmount(status)) {
      // An outcome that cannot be checked against the payment's amount settles nothing, not even an expiry: the
      // gateway may have captured it. The next sync (or reconciliation) asks again.
      this.logger.warn(
        { transactionId: payment.id, outcome: status.outcome, rawCode: status.rawCode },
        'payment status answer without an amount: outcome unknown',
      );
      return ok(this.reply(payment, false, []));
    }
    if (!this.moves(payment, status)) return ok(this.reply(payment, false, []));
    const changed = await this.saver.change(
      () => this.payments.findById(payment.tenantId, payment.id),
      (current) => this.decide(current, status),
      context,
    );
    if (!changed.ok) {
      return changed.error === 'NOT_FOUND'
        ? fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${payment.id} not found`)
        : domainFailure(changed.error);
    }
    return ok(this.reply(changed.payment, changed.value.effect === 'APPLIED', []));
  }

  private async query(payment: PaymentTransaction): Promise<GatewayPaymentStatus> {
    if (!payment.gatewayReference) return NEVER_SENT;
    const gateway = this.gateways.forAccount(await this.accountOf(payment));
    return gateway.queryPayment({
      gatewayReference: payment.gatewayReference,
      requestId: this.ids.gatewayReference(),
      createdAt: payment.attempts[0]?.createdAt ?? payment.toSnapshot().createdAt,
      now: this.clock.now(),
      clientIp: CALLER_IP,
    });
  }

  // Whether the answer moves the payment as loaded; "still waiting" before the expiry changes nothing, not even the
  // version.
  private moves(payment: PaymentTransaction, status: GatewayPaymentStatus): boolean {
    return status.outcome === 'succeeded' || isClosure(status.outcome) || this.isPastExpiry(payment);
  }

  // Decided again on the payment as it is now: a callback may have landed since the query. A capture is applied
  // whatever happened meanwhile (money moved: the domain makes it a late capture); anything else only moves a
  // payment still in flight.
  private decide(current: PaymentTransaction, status: GatewayPaymentStatus): Result<ApplyOutcome> {
    const now = this.clock.now();
    const { outcome } = status;
    if (outcome === 'succeeded' || (isClosure(outcome) && isInFlightStatus(current.status))) {
      // Compared with the payment's amount in the gateway's own currency: a payment in another currency mismatches.
      // (An answer without an amount never gets here; were it to, 0 would mismatch rather than capture.)
      const amount = Money.of(status.amount ?? 0n, gatewayCapabilities(current.gatewayType).reportsIn);
      if (!amount.ok) return amount;
      return current.applyGatewayResult({
        outcome,
        gatewayTransactionId: status.gatewayTransactionId,
        amount: amount.value,
        rawCodes: { [QUERY_CODE_NAMES[current.gatewayType]]: status.rawCode },
        now,
      });
    }
    if (isInFlightStatus(current.status) && this.isPastExpiry(current)) {
      const expired = current.expire({ now });
      return expired.ok ? success({ effect: 'APPLIED' as const }) : expired;
    }
    return success({ effect: 'DUPLICATE' as const });
  }

  private isPastExpiry(payment: PaymentTransaction): boolean {
    return this.clock.now().getTime() >= payment.expiresAt.getTime();
  }

  private async accountOf(payment: PaymentTransaction): Promise<GatewayAccount> {
    const stored = await this.configurations.findById(payment.tenantId, payment.gatewayConfigurationId);
    if (!stored)
      throw new Error(
        `payment ${payment.id} names gateway configuration ${payment.gatewayConfigurationId}, which is gone`,
      );
    return gatewayAccountOf(stored, this.endpoints.defaultBaseUrl);
  }

  private reply(payment: PaymentTransaction, changed: boolean, refundIds: readonly string[]): SyncPaymentStatusReply {
    return {
      transactionId: payment.id,
      status: payment.status,
      changed,
      refunds: refundIds.map((refundId) => {
        const refund = payment.findRefund(refundId);
        if (!refund) throw new Error(`refund ${refundId} is not on payment ${payment.id}`);
        return { refundId, status: refund.status };
      }),
    };
  }
}
