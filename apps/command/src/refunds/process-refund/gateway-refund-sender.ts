import { Inject, Injectable, Logger } from '@nestjs/common';
import { GatewayCallError, gatewayAccountOf, PaymentGateways, type RefundStatus } from '@ppm/gateways';
import type {
  EventContext,
  GatewayConfigurationRepository,
  PaymentTransaction,
  PaymentTransactionRepository,
  Refund,
  Result,
} from '@ppm/domain';
import type { ClaimedKey } from '../../shared/claimed-key';
import { Clock } from '../../shared/clock';
import { type GatewayEndpoints } from '../../shared/gateway-accounts';
import { GATEWAY_ENDPOINTS } from '../../shared/gateway-endpoints.token';
import { GATEWAY_ANSWER_ATTEMPTS, PaymentSaver } from '../../shared/payment-saver';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';

/** How sending a refund ended. `unknown`: the gateway may have refunded; the refund sync settles it by querying. */
export type RefundSending =
  | { kind: 'settled' | 'in_flight'; payment: PaymentTransaction }
  | { kind: 'unknown'; payment: PaymentTransaction; error: GatewayCallError };

const CALLER_IP = '127.0.0.1';

/**
 * Sends a reserved refund to the payment's gateway with the refund's own gateway request id (so a retry can never
 * refund twice) and records the answer: done or declined → final; accepted but asynchronous (ZaloPay), or an
 * outcome unknown → in flight, its amount still reserved, until the status sync or reconciliation settles it.
 * Only a decline frees the reserved amount again.
 */
@Injectable()
export class GatewayRefundSender {
  private readonly logger = new Logger(GatewayRefundSender.name);

  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    @Inject(GATEWAY_ENDPOINTS) private readonly endpoints: GatewayEndpoints,
    private readonly gateways: PaymentGateways,
    private readonly saver: PaymentSaver,
    private readonly clock: Clock,
  ) {}

  /**
   * `payment` as stored with the refund reserved (its answer is recorded on it unless another writer got in).
   * `finishes`: the request whose reply the write of the answer stores in its key (when it holds one).
   */
  async send(
    payment: PaymentTransaction,
    refund: Refund,
    requestedBy: string,
    context: EventContext,
    finishes?: { key: ClaimedKey | null; replyOf: (sending: RefundSending) => unknown },
  ): Promise<RefundSending> {
    const stored = await this.configurations.findById(payment.tenantId, payment.gatewayConfigurationId);
    if (!stored)
      throw new Error(
        `payment ${payment.id} names gateway configuration ${payment.gatewayConfigurationId}, which is gone`,
      );
    const snapshot = payment.toSnapshot();
    const paymentCreatedAt = snapshot.attempts.find((a) => a.status === 'SUCCEEDED')?.createdAt ?? snapshot.createdAt;
    let status: RefundStatus | undefined;
    let failure: GatewayCallError | undefined;
    try {
      status = await this.gateways.forAccount(gatewayAccountOf(stored, this.endpoints.defaultBaseUrl)).refund({
        refundRequestId: refund.gatewayRequestId,
        gatewayReference: snapshot.gatewayReference ?? '',
        gatewayTransactionId: snapshot.gatewayTransactionId ?? '',
        amount: refund.amount.minorUnits,
        paymentAmount: payment.amount.minorUnits,
        paymentCreatedAt,
        reason: refund.reason,
        requestedBy,
        now: this.clock.now(),
        clientIp: CALLER_IP,
      });
    } catch (error) {
      if (!(error instanceof GatewayCallError)) throw error;
      failure = error;
      this.logger.warn(
        { transactionId: payment.id, refundId: refund.id, code: error.code, rawCode: error.rawCode },
        'gateway refund failed',
      );
    }
    // Only a certain refusal (an explicit decline code, a request that never left) means nothing was refunded. An
    // HTTP 5xx, a timeout, a lost connection or a "system error" code may follow a refund the gateway made.
    const declined = failure?.outcome === 'refused';
    const sendingOf = (recorded: PaymentTransaction): RefundSending => {
      if (failure && !declined) return { kind: 'unknown', payment: recorded, error: failure };
      return { kind: status?.outcome === 'pending' ? 'in_flight' : 'settled', payment: recorded };
    };
    const changed = await this.saver.change(
      () => this.payments.findById(payment.tenantId, payment.id),
      (current): Result<unknown> => {
        const now = this.clock.now();
        if (status && status.outcome !== 'pending') {
          return current.applyRefundResult({
            refundId: refund.id,
            outcome: status.outcome,
            gatewayRefundId: status.gatewayRefundId,
            // PPM's words and the gateway's code: the gateway's own text stays in its raw answer.
            reason:
              status.outcome === 'failed' ? `The gateway declined the refund (code ${status.rawCode})` : undefined,
            now,
          });
        }
        if (declined) {
          return current.applyRefundResult({
            refundId: refund.id,
            outcome: 'failed',
            gatewayRefundId: null,
            reason: failure?.message,
            now,
          });
        }
        return current.markRefundProcessing({
          refundId: refund.id,
          gatewayRefundId: status?.gatewayRefundId ?? status?.refundRequestId ?? null,
          now,
        });
      },
      context,
      GATEWAY_ANSWER_ATTEMPTS,
      payment,
      { key: finishes?.key ?? null, replyOf: finishes && ((recorded) => finishes.replyOf(sendingOf(recorded))) },
    );
    if (!changed.ok) {
      // KEY_TAKEN would mean a key not held: the refund handler sends only once its reservation claimed the key or
      // the run held it before, so the write of the answer never claims.
      const { error } = changed;
      const reason = error === 'NOT_FOUND' ? 'payment gone' : error === 'KEY_TAKEN' ? 'key taken' : error.code;
      throw new Error(`refund ${refund.id}: could not record the gateway's answer (${reason})`);
    }
    return sendingOf(changed.payment);
  }
}
