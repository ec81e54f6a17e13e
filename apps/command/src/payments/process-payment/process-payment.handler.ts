import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ErrorCode,
  fail,
  ok,
  type ProcessPaymentReply,
  type ProcessPaymentRequest,
  type Reply,
  type RequestMeta,
} from '@ppm/contracts';
import { paymentRefusal } from '@ppm/gateways';
import {
  DomainErrorCode,
  Money,
  PaymentTransaction,
  type DomainError,
  type EventContext,
  type GatewayConfigurationRepository,
  type PaymentOrigin,
  type PaymentTransactionRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { capabilityRefusalError } from '../../shared/capability-refusal';
import { domainFailure } from '../../shared/domain-reply';
import { IdGenerator } from '../../shared/id-generator';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { GatewayOrderOpener, type OrderOpening } from './gateway-order-opener';
import { ProcessPaymentCommand } from './process-payment.command';

const DEFAULT_EXPIRY_MINUTES = 15;
const CALLER_IP = '127.0.0.1';

@CommandHandler(ProcessPaymentCommand)
export class ProcessPaymentHandler implements ICommandHandler<ProcessPaymentCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    private readonly opener: GatewayOrderOpener,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute({ meta, data, claimedKey }: ProcessPaymentCommand): Promise<Reply<ProcessPaymentReply>> {
    const amount = Money.of(data.amount, data.currency);
    if (!amount.ok) return domainFailure(amount.error);
    const stored = await this.configurationFor(meta.tenantId, data.gatewayConfigurationId);
    if (!stored.ok) return stored.reply;
    const { configuration } = stored.value;
    const usable = configuration.ensureCanProcess(data.paymentMethodType);
    if (!usable.ok) return domainFailure(usable.error);
    // Refused before anything is stored: a gateway charges what it is sent in its own currency.
    const refusal = paymentRefusal(
      configuration.gatewayType,
      amount.value.currency,
      amount.value.minorUnits,
      data.paymentMethodType,
    );
    if (refusal) {
      return domainFailure(
        capabilityRefusalError(refusal, configuration.gatewayType, {
          currency: amount.value.currency,
          paymentMethod: data.paymentMethodType,
        }),
      );
    }

    const now = this.clock.now();
    const origin: PaymentOrigin | null = claimedKey
      ? { idempotencyKey: claimedKey.id.key, requestFingerprint: claimedKey.fingerprint }
      : null;
    const created = PaymentTransaction.create({
      id: this.ids.uuid(),
      tenantId: meta.tenantId,
      amount: amount.value,
      paymentMethod: data.paymentMethodType,
      source: { boundedContext: data.sourceBoundedContext, transactionId: data.sourceTransactionId },
      gatewayConfigurationId: configuration.id,
      gatewayType: configuration.gatewayType,
      description: data.description,
      returnUrl: data.returnUrl,
      expiresAt: new Date(now.getTime() + (data.expiresInMinutes ?? DEFAULT_EXPIRY_MINUTES) * 60_000),
      initiatedByUserId: data.initiatedByUserId ?? meta.userId ?? null,
      origin,
      metadata: data.metadata ?? null,
      now,
    });
    if (!created.ok) return domainFailure(created.error);
    const payment = created.value;
    const reference = this.ids.gatewayReference();
    const started = payment.startAttempt({
      attemptId: this.ids.uuid(),
      gatewayRequestId: reference,
      gatewayReference: reference,
      now,
    });
    if (!started.ok) return domainFailure(started.error);

    // Stored before the gateway is called: whatever happens next, the payment and its attempt exist.
    const context = eventContextOf(meta);
    const added = await this.payments.add(payment, context);
    if (!added.ok) {
      return added.error.code === DomainErrorCode.DUPLICATE_SOURCE_TRANSACTION
        ? this.continueOrRefuse(meta, data, origin, added.error, context)
        : domainFailure(added.error);
    }
    return this.replyOf(await this.opener.open(added.value, stored.value, CALLER_IP, context));
  }

  /**
   * The source already has a live payment. If this very request created it (same idempotency key, same body: a
   * retry after the first execution died before its reply was stored), that payment is continued and answered as
   * the first execution would have. Anyone else is refused, with the payment's id to look it up.
   */
  private async continueOrRefuse(
    meta: RequestMeta,
    data: ProcessPaymentRequest,
    origin: PaymentOrigin | null,
    refusal: DomainError,
    context: EventContext,
  ): Promise<Reply<ProcessPaymentReply>> {
    const live = await this.payments.findLiveBySource(
      meta.tenantId,
      data.sourceBoundedContext,
      data.sourceTransactionId,
    );
    // Closed since the insert was refused: the refusal stands, a retry may start a new payment.
    if (!live) return domainFailure(refusal);
    if (!live.wasCreatedBy(origin)) {
      return fail(ErrorCode.DUPLICATE_SOURCE_TRANSACTION, refusal.message, {
        ...refusal.details,
        transactionId: live.id,
        status: live.status,
      });
    }
    // The payment's own configuration: the tenant's default may have changed since it was created.
    const stored = await this.configurations.findById(meta.tenantId, live.gatewayConfigurationId);
    if (!stored)
      throw new Error(`payment ${live.id} names gateway configuration ${live.gatewayConfigurationId}, which is gone`);
    return this.replyOf(await this.opener.resume(live, stored, CALLER_IP, context));
  }

  // The same reply whether the order was opened now or by an execution that was interrupted before replying.
  private replyOf(opening: OrderOpening): Reply<ProcessPaymentReply> {
    const result = opening.payment;
    const reply: ProcessPaymentReply = {
      transactionId: result.id,
      status: result.status,
      gatewayType: result.gatewayType,
      gatewayReference: result.gatewayReference,
      paymentUrl: result.paymentUrl,
      expiresAt: result.expiresAt.toISOString(),
    };
    if (opening.kind === 'opened') return ok(reply);
    return fail(opening.error.code, opening.error.message, { ...reply, gatewayCode: opening.error.rawCode ?? null });
  }

  private async configurationFor(
    tenantId: string,
    configurationId: string | undefined,
  ): Promise<{ ok: true; value: StoredGatewayConfiguration } | { ok: false; reply: Reply<never> }> {
    const stored = configurationId
      ? await this.configurations.findById(tenantId, configurationId)
      : await this.configurations.findDefault(tenantId);
    if (stored) return { ok: true, value: stored };
    return configurationId
      ? {
          ok: false,
          reply: fail(ErrorCode.GATEWAY_CONFIG_NOT_FOUND, `Gateway configuration ${configurationId} not found`),
        }
      : { ok: false, reply: fail(ErrorCode.GATEWAY_NOT_CONFIGURED, 'The tenant has no default gateway configuration') };
  }
}
