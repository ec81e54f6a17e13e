import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  GatewayCallError,
  gatewayAccountOf,
  PaymentGateways,
  type CreatedPayment,
  type PaymentStatus,
} from '@ppm/gateways';
import {
  success,
  type EventContext,
  type PaymentTransaction,
  type PaymentTransactionRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { IdGenerator } from '../../shared/id-generator';
import type { ClaimedKey } from '../../shared/claimed-key';
import { GATEWAY_ANSWER_ATTEMPTS, PaymentSaver } from '../../shared/payment-saver';
import { notifyUrlOf, returnUrlOf, type GatewayEndpoints } from '../../shared/gateway-accounts';
import { GATEWAY_ENDPOINTS } from '../../shared/gateway-endpoints.token';
import { PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { processPaymentReplyOf } from './process-payment-reply';

/** Sent as the customer's address when the caller did not give one (VNPay requires the field). */
export const SERVICE_CLIENT_IP = '127.0.0.1';

/** How opening the gateway order ended, as the caller should hear it. */
export type OrderOpening =
  | { kind: 'opened'; payment: PaymentTransaction; qr?: CreatedPayment['qr'] }
  | { kind: 'refused' | 'unknown'; payment: PaymentTransaction; error: GatewayCallError };

// What a caller hears about an order whose create call's answer never reached us.
const ORDER_OUTCOME_UNKNOWN = new GatewayCallError(
  'GATEWAY_TIMEOUT',
  'The gateway did not confirm the order; the payment stays in flight until the status sync settles it',
  'unknown',
);

/**
 * Calls the gateway for a stored PENDING payment's pending attempt and records how it went: order created →
 * PROCESSING with the payment URL; refused → FAILED attempt and payment; no answer, an HTTP 5xx or a "system
 * error" code → the outcome is unknown (the gateway may hold the order), so
 * the payment stays in flight for the status sync, which queries with the same reference (never a new order).
 * The write that records the answer also stores the request's reply in its idempotency key (`key`, when held).
 */
@Injectable()
export class GatewayOrderOpener {
  private readonly logger = new Logger(GatewayOrderOpener.name);

  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_ENDPOINTS) private readonly endpoints: GatewayEndpoints,
    private readonly gateways: PaymentGateways,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly saver: PaymentSaver,
  ) {}

  async open(
    payment: PaymentTransaction,
    stored: StoredGatewayConfiguration,
    clientIp: string,
    context: EventContext,
    key: ClaimedKey | null,
  ): Promise<OrderOpening> {
    const attempt = payment.attempts[payment.attempts.length - 1];
    const snapshot = payment.toSnapshot();
    if (!attempt || !snapshot.gatewayReference) throw new Error(`payment ${payment.id} has no attempt to open`);
    const gateway = this.gateways.forAccount(gatewayAccountOf(stored, this.endpoints.defaultBaseUrl));
    let created: CreatedPayment | undefined;
    let failure: GatewayCallError | undefined;
    try {
      created = await gateway.createPayment({
        reference: snapshot.gatewayReference,
        requestId: attempt.gatewayRequestId,
        amount: payment.amount.minorUnits,
        description: snapshot.description,
        paymentMethod: snapshot.paymentMethod,
        returnUrl: returnUrlOf(this.endpoints, payment.gatewayType),
        notifyUrl: notifyUrlOf(this.endpoints, payment.gatewayType),
        clientIp,
        createdAt: attempt.createdAt,
        expiresAt: payment.expiresAt,
      });
    } catch (error) {
      if (!(error instanceof GatewayCallError)) throw error;
      failure = error;
      this.logger.warn(
        { transactionId: payment.id, code: error.code, rawCode: error.rawCode },
        'gateway did not open the order',
      );
    }
    const saved = await this.record(payment, attempt.id, created, failure, context, key);
    return openingOf(saved, failure, created?.qr);
  }

  /**
   * Continues a payment whose `payment.process` was interrupted (the process died after the payment was committed,
   * before the reply was stored) and answers as that first execution would have:
   * - an order already opened (or a payment that moved on since): its payment URL and state;
   * - an attempt whose create call timed out: outcome unknown, as the first reply said;
   * - an attempt still PENDING: the create call may or may not have reached the gateway. The gateway is asked
   *   first, by the attempt's own reference. Not found: the order is opened now with the same reference and request
   *   id. Found (or no answer): an order exists (or may) whose payment URL we never received, and no gateway gives
   *   it back nor cancels an unpaid order, so a second order would be a second payable order for one payment.
   *   The attempt is then recorded as timed out: the payment stays in flight and the status sync settles or
   *   expires it, exactly as after a create call that timed out.
   */
  async resume(
    payment: PaymentTransaction,
    stored: StoredGatewayConfiguration,
    clientIp: string,
    context: EventContext,
    key: ClaimedKey | null,
  ): Promise<OrderOpening> {
    const attempt = payment.attempts[payment.attempts.length - 1];
    const reference = payment.gatewayReference;
    if (payment.paymentUrl !== null || !attempt || !reference) return { kind: 'opened', payment };
    if (attempt.status === 'TIMED_OUT') return { kind: 'unknown', payment, error: ORDER_OUTCOME_UNKNOWN };
    if (attempt.status !== 'PENDING') return { kind: 'opened', payment };
    const gateway = this.gateways.forAccount(gatewayAccountOf(stored, this.endpoints.defaultBaseUrl));
    let found: PaymentStatus['outcome'];
    try {
      const status = await gateway.queryPayment({
        gatewayReference: reference,
        requestId: this.ids.gatewayReference(),
        createdAt: attempt.createdAt,
        now: this.clock.now(),
        clientIp,
      });
      found = status.outcome;
    } catch (error) {
      if (!(error instanceof GatewayCallError)) throw error;
      found = 'pending';
      this.logger.warn(
        { transactionId: payment.id, code: error.code, rawCode: error.rawCode },
        'interrupted order: the gateway could not say whether it has it',
      );
    }
    if (found === 'not_found') return this.open(payment, stored, clientIp, context, key);
    this.logger.warn(
      { transactionId: payment.id, gatewayReference: reference, found },
      'interrupted order exists at the gateway without its payment URL: left to the status sync',
    );
    const saved = await this.record(payment, attempt.id, undefined, ORDER_OUTCOME_UNKNOWN, context, key);
    return openingOf(saved, ORDER_OUTCOME_UNKNOWN, undefined);
  }

  // A webhook may land between our two writes: reload and apply again rather than lose either change; the
  // gateway already answered, so its answer is recorded however long the race lasts. `payment` is as stored.
  private async record(
    payment: PaymentTransaction,
    attemptId: string,
    created: CreatedPayment | undefined,
    failure: GatewayCallError | undefined,
    context: EventContext,
    key: ClaimedKey | null,
  ): Promise<PaymentTransaction> {
    const paymentId = payment.id;
    const recorded = await this.saver.change<{ effect: 'APPLIED' | 'DUPLICATE' }>(
      () => this.payments.findById(payment.tenantId, paymentId),
      (current) => {
        const now = this.clock.now();
        const marked = created
          ? current.markGatewayOrderCreated({
              attemptId,
              paymentUrl: created.paymentUrl,
              gatewayReference: created.gatewayReference,
              gatewayResponse: created.raw,
              now,
            })
          : failure?.outcome === 'unknown'
            ? current.markGatewayOrderTimedOut({ attemptId, now })
            : current.markGatewayOrderFailed({
                attemptId,
                code: failure?.code ?? 'GATEWAY_ERROR',
                reason: failure?.message ?? 'gateway refused the order',
                gatewayResponse: failure?.rawCode ? { rawCode: failure.rawCode } : null,
                now,
              });
        if (marked.ok) return success({ effect: 'APPLIED' as const });
        // The payment moved on (a callback already settled it): its state is the truth, nothing to write.
        this.logger.warn(
          { transactionId: paymentId, reason: marked.error.code },
          'order outcome not recorded: payment moved on',
        );
        return success({ effect: 'DUPLICATE' as const });
      },
      context,
      GATEWAY_ANSWER_ATTEMPTS,
      payment,
      { key, replyOf: (decided) => processPaymentReplyOf(openingOf(decided, failure, created?.qr)) },
    );
    if (!recorded.ok) {
      // KEY_TAKEN would mean a key not held: callers open an order only after the payment's insert claimed the key
      // or with a key held before the run (or none), so this write never claims.
      const { error } = recorded;
      const reason = error === 'NOT_FOUND' ? 'vanished' : error === 'KEY_TAKEN' ? 'key taken' : error.message;
      throw new Error(`payment ${paymentId}: order outcome not recorded (${reason})`);
    }
    return recorded.payment;
  }
}

function openingOf(
  payment: PaymentTransaction,
  failure: GatewayCallError | undefined,
  qr: CreatedPayment['qr'] | undefined,
): OrderOpening {
  return failure ? { kind: failure.outcome, payment, error: failure } : { kind: 'opened', payment, qr };
}
