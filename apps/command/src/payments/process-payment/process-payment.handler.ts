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
  type PaymentTransactionRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { capabilityRefusalError } from '../../shared/capability-refusal';
import { domainFailure } from '../../shared/domain-reply';
import { IdGenerator } from '../../shared/id-generator';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { CallbackUrlRefusal } from './callback-url-refusal';
import { RiskGate } from '../risk/risk-gate';
import { GatewayOrderOpener, SERVICE_CLIENT_IP as CALLER_IP, type OrderOpening } from './gateway-order-opener';
import { ProcessPaymentCommand } from './process-payment.command';

const DEFAULT_EXPIRY_MINUTES = 15;

@CommandHandler(ProcessPaymentCommand)
export class ProcessPaymentHandler implements ICommandHandler<ProcessPaymentCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    private readonly opener: GatewayOrderOpener,
    private readonly risk: RiskGate,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly callbackUrls: CallbackUrlRefusal,
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

    const context = eventContextOf(meta);
    // A retry of a run interrupted after it stored its payment: the key's record names that payment.
    if (claimedKey?.interruptedPaymentId) {
      const interrupted = await this.payments.findById(meta.tenantId, claimedKey.interruptedPaymentId);
      if (interrupted?.holdsItsSource) return this.resume(interrupted, stored.value, context);
    }

    const callbackRefusal = await this.callbackUrls.of(meta.tenantId, data.callbackUrl);
    if (callbackRefusal) return callbackRefusal;
    const now = this.clock.now();
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
      metadata: data.metadata ?? null,
      customerRef: data.customerRef ?? null,
      clientIp: data.clientIp ?? null,
      callbackUrl: data.callbackUrl ?? null,
      now,
    });
    if (!created.ok) return domainFailure(created.error);
    const payment = created.value;
    const risk = await this.risk.check({
      tenantId: meta.tenantId,
      paymentId: payment.id,
      amount: amount.value,
      data,
      now,
      context,
    });
    if (risk.kind === 'refused') return risk.reply;
    // Held for review, the payment is stored without an attempt: its order is opened once an operator approves.
    const held = this.risk.holdIfReviewed(payment, risk.verdict);
    if (!held) {
      const reference = this.ids.gatewayReference();
      const started = payment.startAttempt({
        attemptId: this.ids.uuid(),
        gatewayRequestId: reference,
        gatewayReference: reference,
        now,
      });
      if (!started.ok) return domainFailure(started.error);
    }

    // Stored before the gateway is called: whatever happens next, the payment and its attempt exist, and the key
    // it was created under names it.
    const createdUnder = claimedKey ? { scope: claimedKey.id.scope, key: claimedKey.id.key } : undefined;
    const added = await this.payments.add(payment, context, createdUnder);
    if (!added.ok) {
      return added.error.code === DomainErrorCode.DUPLICATE_SOURCE_TRANSACTION
        ? this.refuseDuplicate(meta, data, added.error)
        : domainFailure(added.error);
    }
    await this.risk.keep(added.value, risk.verdict);
    if (held) return this.replyOf({ kind: 'opened', payment: added.value });
    return this.replyOf(await this.opener.open(added.value, stored.value, data.clientIp ?? CALLER_IP, context));
  }

  /**
   * Continues the payment a run of this very request created before it was interrupted (it died before its reply
   * was stored), and answers as that run would have.
   */
  private async resume(
    interrupted: PaymentTransaction,
    requested: StoredGatewayConfiguration,
    context: EventContext,
  ): Promise<Reply<ProcessPaymentReply>> {
    // The payment's own configuration: the tenant's default may have changed since it was created.
    const own = interrupted.gatewayConfigurationId;
    const stored =
      requested.configuration.id === own ? requested : await this.configurations.findById(interrupted.tenantId, own);
    if (!stored) throw new Error(`payment ${interrupted.id} names gateway configuration ${own}, which is gone`);
    const clientIp = interrupted.toSnapshot().clientIp ?? CALLER_IP;
    return this.replyOf(await this.opener.resume(interrupted, stored, clientIp, context));
  }

  // The source already has a live payment, not this request's: refused, with the payment's id to look it up.
  private async refuseDuplicate(
    meta: RequestMeta,
    data: ProcessPaymentRequest,
    refusal: DomainError,
  ): Promise<Reply<ProcessPaymentReply>> {
    const live = await this.payments.findLiveBySource(
      meta.tenantId,
      data.sourceBoundedContext,
      data.sourceTransactionId,
    );
    // Closed since the insert was refused: the refusal stands, a retry may start a new payment.
    if (!live) return domainFailure(refusal);
    return fail(ErrorCode.DUPLICATE_SOURCE_TRANSACTION, refusal.message, {
      ...refusal.details,
      transactionId: live.id,
      status: live.status,
    });
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
    if (opening.kind === 'opened') return ok({ ...reply, ...opening.qr });
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
