import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type ProcessPaymentReply, type Reply } from '@ppm/contracts';
import {
  Money,
  PaymentTransaction,
  type GatewayConfigurationRepository,
  type PaymentTransactionRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { IdGenerator } from '../../shared/id-generator';
import { GATEWAY_CONFIGURATIONS, PAYMENT_TRANSACTIONS } from '../../shared/repository.tokens';
import { GatewayOrderOpener } from './gateway-order-opener';
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

  async execute({ meta, data }: ProcessPaymentCommand): Promise<Reply<ProcessPaymentReply>> {
    const amount = Money.of(data.amount, data.currency);
    if (!amount.ok) return domainFailure(amount.error);
    const stored = await this.configurationFor(meta.tenantId, data.gatewayConfigurationId);
    if (!stored.ok) return stored.reply;
    const { configuration } = stored.value;
    const usable = configuration.ensureCanProcess(data.paymentMethodType);
    if (!usable.ok) return domainFailure(usable.error);

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
    if (!added.ok) return domainFailure(added.error);

    const opening = await this.opener.open(payment, stored.value, CALLER_IP, context);
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
