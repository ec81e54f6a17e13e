import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ErrorCode,
  fail,
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
import { KEY_TAKEN_REPLY, type ClaimedKey } from '../../shared/claimed-key';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { capabilityRefusalError } from '../../shared/capability-refusal';
import { domainFailure } from '../../shared/domain-reply';
import { GatewayConfigurationCache } from '../../shared/gateway-configuration-cache';
import { IdGenerator } from '../../shared/id-generator';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { CallbackUrlRefusal } from './callback-url-refusal';
import { RiskGate } from '../risk/risk-gate';
import { RiskRuleSetCache } from '../risk/risk-rule-set-cache';
import { GatewayOrderOpener, SERVICE_CLIENT_IP } from './gateway-order-opener';
import { processPaymentReplyOf } from './process-payment-reply';
import { ProcessPaymentCommand } from './process-payment.command';

const DEFAULT_EXPIRY_MINUTES = 15;
// Decisions on a configuration or risk rule set that changed under them (the payment's insert refused each): all
// but the first read them from the database, so only one changing again within each of those round trips exhausts
// them.
const DECISIONS = 3;

/** The cached configuration or risk rules a decision was made on had changed: nothing was stored. */
type ChangedUnderIt = 'CONFIGURATION_CHANGED' | 'RISK_RULES_CHANGED';

@CommandHandler(ProcessPaymentCommand)
export class ProcessPaymentHandler implements ICommandHandler<ProcessPaymentCommand> {
  constructor(
    @Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository,
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    private readonly cache: GatewayConfigurationCache,
    private readonly opener: GatewayOrderOpener,
    private readonly risk: RiskGate,
    private readonly ruleSets: RiskRuleSetCache,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly callbackUrls: CallbackUrlRefusal,
  ) {}

  async execute(command: ProcessPaymentCommand): Promise<Reply<ProcessPaymentReply>> {
    // One payment id and one count in the risk windows per request, whichever decision on the configuration stands.
    const paymentId = this.ids.uuid();
    const key = command.meta.idempotencyKey;
    const countedAs = key ? `request:${key}` : paymentId;
    for (let decision = 1; ; decision += 1) {
      const reply = await this.process(command, paymentId, countedAs);
      if (reply !== 'CONFIGURATION_CHANGED' && reply !== 'RISK_RULES_CHANGED') return reply;
      if (reply === 'CONFIGURATION_CHANGED') this.cache.forgetTenant(command.meta.tenantId);
      else this.ruleSets.forgetTenant(command.meta.tenantId);
      if (decision === DECISIONS) {
        throw new Error(`${reply}: the tenant ${command.meta.tenantId}'s settings kept changing under payment.process`);
      }
    }
  }

  private async process(
    { meta, data, claimedKey }: ProcessPaymentCommand,
    paymentId: string,
    countedAs: string,
  ): Promise<Reply<ProcessPaymentReply> | ChangedUnderIt> {
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
      if (interrupted?.holdsItsSource) return this.resume(interrupted, stored.value, context, claimedKey);
    }

    const callbackRefusal = await this.callbackUrls.of(meta.tenantId, data.callbackUrl);
    if (callbackRefusal) return callbackRefusal;
    const now = this.clock.now();
    const created = PaymentTransaction.create({
      id: paymentId,
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
      countedAs,
      claimedKey: claimedKey ?? null,
      amount: amount.value,
      data,
      now,
      context,
    });
    if (risk.kind === 'rules-changed') return 'RISK_RULES_CHANGED';
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
    // it was created under names it. The same statement checks the configuration and the risk rules it was decided
    // on, claims a key not claimed yet and keeps the risk decision.
    const added = await this.payments.addIfCurrent(payment, context, {
      configurationVersion: configuration.version,
      riskRuleSetVersion: risk.verdict.decision.ruleSetVersion,
      riskDecision: this.risk.decisionToKeep(payment, risk.verdict),
      key: claimedKey ? this.keyTermsOf(claimedKey) : undefined,
    });
    if (!added.ok) {
      if (added.error.code === 'CONFIGURATION_CHANGED' || added.error.code === 'RISK_RULES_CHANGED') {
        return added.error.code;
      }
      if (added.error.code === 'KEY_TAKEN') return KEY_TAKEN_REPLY;
      return added.error.code === DomainErrorCode.DUPLICATE_SOURCE_TRANSACTION
        ? this.refuseDuplicate(meta, data, added.error)
        : domainFailure(added.error as DomainError);
    }
    if (claimedKey && !claimedKey.held) claimedKey.claimedByWrite();
    // Held for review: no order yet, and the idempotent execution stores this reply in the key.
    if (held) return processPaymentReplyOf({ kind: 'opened', payment: added.value });
    const clientIp = data.clientIp ?? SERVICE_CLIENT_IP;
    return processPaymentReplyOf(await this.opener.open(added.value, stored.value, clientIp, context, claimedKey));
  }

  // The request's key as the payment's insert writes it: named, and claimed too if the request does not hold it yet.
  private keyTermsOf(claimedKey: ClaimedKey): { scope: string; key: string; claimFor?: string } {
    const { scope, key } = claimedKey.id;
    return claimedKey.held ? { scope, key } : { scope, key, claimFor: claimedKey.fingerprint };
  }

  /**
   * Continues the payment a run of this very request created before it was interrupted (it died before its reply
   * was stored), and answers as that run would have.
   */
  private async resume(
    interrupted: PaymentTransaction,
    requested: StoredGatewayConfiguration,
    context: EventContext,
    claimedKey: ClaimedKey,
  ): Promise<Reply<ProcessPaymentReply>> {
    // The payment's own configuration: the tenant's default may have changed since it was created.
    const own = interrupted.gatewayConfigurationId;
    const stored =
      requested.configuration.id === own ? requested : await this.configurations.findById(interrupted.tenantId, own);
    if (!stored) throw new Error(`payment ${interrupted.id} names gateway configuration ${own}, which is gone`);
    const clientIp = interrupted.toSnapshot().clientIp ?? SERVICE_CLIENT_IP;
    return processPaymentReplyOf(await this.opener.resume(interrupted, stored, clientIp, context, claimedKey));
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

  private async configurationFor(
    tenantId: string,
    configurationId: string | undefined,
  ): Promise<{ ok: true; value: StoredGatewayConfiguration } | { ok: false; reply: Reply<never> }> {
    const stored = await this.cache.find(tenantId, configurationId);
    if (stored) return { ok: true, value: stored };
    return configurationId
      ? {
          ok: false,
          reply: fail(ErrorCode.GATEWAY_CONFIG_NOT_FOUND, `Gateway configuration ${configurationId} not found`),
        }
      : { ok: false, reply: fail(ErrorCode.GATEWAY_NOT_CONFIGURED, 'The tenant has no default gateway configuration') };
  }
}
