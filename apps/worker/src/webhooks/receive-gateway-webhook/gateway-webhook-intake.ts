import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Subjects, type ApplyGatewayResultReply, type ApplyGatewayResultRequest, type ErrorCode } from '@ppm/contracts';
import type { GatewayConfigurationRepository, StoredGatewayConfiguration } from '@ppm/domain';
import {
  gatewayAccountOf,
  PaymentGateways,
  type CallbackDecision,
  type CallbackReply,
  type CallbackRejection,
  type GatewayType,
  type RawCallback,
  type VerifiedCallback,
} from '@ppm/gateways';
import { NatsRequester } from '@ppm/messaging';
import { WebhookEventStore, type DueWebhook, type WebhookProcessing } from '@ppm/persistence';
import { GATEWAY_CONFIGURATIONS } from '../../shared/repository.tokens';
import { WebhookMetrics } from './webhook-metrics';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings';

/** Answers to a verified callback when the command service refuses it, and what they mean for the stored row. */
const REFUSALS: Partial<Record<ErrorCode, [CallbackDecision, WebhookProcessing]>> = {
  TRANSACTION_NOT_FOUND: ['UNKNOWN_ORDER', 'REJECTED'],
  AMOUNT_MISMATCH: ['INVALID_AMOUNT', 'REJECTED'],
  // A webhook never reverses a payment (e.g. "failed" after we captured): acknowledge so the gateway stops.
  INVALID_STATE_TRANSITION: ['DUPLICATE', 'REJECTED'],
  VALIDATION_ERROR: ['MALFORMED', 'REJECTED'],
};

const KEPT_HEADERS = ['content-type', 'user-agent', 'x-forwarded-for', 'x-request-id'];

/** What applying a verified webhook came to; `retryReason` says why our side failed when it must be tried again. */
export interface WebhookApplication {
  decision: CallbackDecision;
  retryReason?: string;
}

/**
 * Takes a gateway's callback: finds the tenant's configuration from the merchant the callback names, verifies
 * its signature, stores it (always, before answering), asks the command service to apply it with a timeout, and
 * picks the reply that gateway expects. Our own failure answers "retry" and leaves the webhook pending, so it is
 * never lost; a bad signature changes nothing and is logged as a security event with its source address.
 */
@Injectable()
export class GatewayWebhookIntake {
  private readonly logger = new Logger('GatewayWebhook');

  constructor(
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    private readonly gateways: PaymentGateways,
    private readonly store: WebhookEventStore,
    private readonly nats: NatsRequester,
    private readonly metrics: WebhookMetrics,
  ) {}

  async receive(
    gatewayType: GatewayType,
    callback: RawCallback,
    sourceIp: string | null,
    traceId: string,
  ): Promise<CallbackReply> {
    try {
      return await this.receiveAndStore(gatewayType, callback, sourceIp, traceId);
    } catch (error) {
      // We could not even store it (database down): the gateway must deliver it again, in its own "retry" terms,
      // rather than get a bare 500 it may read as final.
      this.logger.error(
        { gatewayType, sourceIp, err: error },
        'webhook could not be stored; asking the gateway to retry',
      );
      return this.gateways.callbackProtocol(gatewayType).replyFor('RETRY_LATER');
    }
  }

  private async receiveAndStore(
    gatewayType: GatewayType,
    callback: RawCallback,
    sourceIp: string | null,
    traceId: string,
  ): Promise<CallbackReply> {
    const startedAt = this.metrics.start();
    const protocol = this.gateways.callbackProtocol(gatewayType);
    const merchantId = protocol.merchantIdOf(callback);
    const found = merchantId
      ? await this.verify(gatewayType, merchantId, callback)
      : { rejection: 'MALFORMED' as const };
    const webhookId = await this.store.record({
      gatewayType,
      tenantId: found.stored?.configuration.tenantId ?? null,
      gatewayConfigurationId: found.stored?.configuration.id ?? null,
      dedupKey: found.callback?.dedupKey ?? fingerprint(callback),
      method: callback.method,
      rawQuery: new URLSearchParams(callback.query as Record<string, string>).toString() || null,
      rawBody: callback.rawBody || null,
      headers: Object.fromEntries(KEPT_HEADERS.map((h) => [h, callback.headers[h]])),
      sourceIp,
      verification: found.rejection ?? 'VERIFIED',
    });
    if (!found.stored || !found.callback) {
      this.logger.warn(
        { alert: 'WEBHOOK_REFUSED', gatewayType, merchantId, reason: found.rejection, sourceIp, webhookId },
        'gateway webhook refused before any state was looked at',
      );
      const decision = found.rejection === 'MALFORMED' ? 'MALFORMED' : 'BAD_SIGNATURE';
      this.metrics.handled(gatewayType, 'delivery', found.rejection ?? 'MALFORMED', decision, startedAt);
      return protocol.replyFor(decision);
    }
    const applied = await this.apply(webhookId, gatewayType, found.stored, found.callback, traceId);
    if (applied.retryReason !== undefined) {
      await this.store.markForRetry(webhookId, applied.retryReason, this.settings.retryDelayMs);
    }
    this.metrics.handled(gatewayType, 'delivery', null, applied.decision, startedAt);
    return protocol.replyFor(applied.decision);
  }

  /**
   * Applies a stored webhook again for the retry loop, from the raw request it arrived as: verified afresh against
   * the tenant's configurations as they are now, then applied exactly as on arrival. The stored row records the
   * outcome, except our own failure (`retryReason`), whose next try is the caller's to schedule. A webhook that no
   * longer verifies (its configuration was removed or its keys replaced) is rejected and raised as an alert.
   */
  async reapply(gatewayType: GatewayType, webhook: DueWebhook, traceId: string): Promise<WebhookApplication> {
    const startedAt = this.metrics.start();
    const callback: RawCallback = {
      method: webhook.method,
      query: Object.fromEntries(new URLSearchParams(webhook.rawQuery ?? '')),
      rawBody: webhook.rawBody ?? '',
      headers: webhook.headers,
    };
    const merchantId = this.gateways.callbackProtocol(gatewayType).merchantIdOf(callback);
    const found = merchantId
      ? await this.verify(gatewayType, merchantId, callback)
      : { rejection: 'MALFORMED' as const };
    if (!found.stored || !found.callback) {
      const decision = found.rejection === 'MALFORMED' ? 'MALFORMED' : 'BAD_SIGNATURE';
      this.logger.warn(
        {
          alert: 'WEBHOOK_NO_LONGER_VERIFIES',
          gatewayType,
          merchantId,
          reason: found.rejection,
          webhookId: webhook.id,
        },
        'a stored webhook no longer verifies against any configuration; rejected without applying it',
      );
      await this.store.markProcessed(webhook.id, 'REJECTED', `re-verification: ${found.rejection}`, decision);
      this.metrics.handled(gatewayType, 'retry', found.rejection ?? 'MALFORMED', decision, startedAt);
      return { decision };
    }
    const applied = await this.apply(webhook.id, gatewayType, found.stored, found.callback, traceId);
    this.metrics.handled(gatewayType, 'retry', null, applied.decision, startedAt);
    return applied;
  }

  private async verify(
    gatewayType: GatewayType,
    merchantId: string,
    callback: RawCallback,
  ): Promise<{ stored?: StoredGatewayConfiguration; callback?: VerifiedCallback; rejection?: CallbackRejection }> {
    const candidates = await this.configurations.findByMerchant(gatewayType, merchantId);
    let rejection: CallbackRejection = candidates.length === 0 ? 'UNKNOWN_MERCHANT' : 'BAD_SIGNATURE';
    for (const stored of candidates) {
      const check = this.gateways
        .forAccount(gatewayAccountOf(stored, this.settings.defaultBaseUrl))
        .verifyCallback(callback);
      if (check.ok) return { stored, callback: check.callback };
      if (check.rejection === 'MALFORMED') rejection = 'MALFORMED';
    }
    return { rejection };
  }

  private async apply(
    webhookId: string,
    gatewayType: GatewayType,
    stored: StoredGatewayConfiguration,
    callback: VerifiedCallback,
    traceId: string,
  ): Promise<WebhookApplication> {
    if (callback.outcome === 'pending') {
      await this.store.markProcessed(webhookId, 'APPLIED', 'pending: nothing to apply yet', 'ack');
      return { decision: 'APPLIED' };
    }
    const request: ApplyGatewayResultRequest = {
      gatewayType,
      gatewayReference: callback.gatewayReference,
      outcome: callback.outcome,
      gatewayTransactionId: callback.gatewayTransactionId ?? undefined,
      amount: Number(callback.amount),
      rawCodes: callback.rawCodes,
    };
    const reply = await this.nats.request<ApplyGatewayResultReply>(
      Subjects.command.paymentApplyGatewayResult,
      request,
      { tenantId: stored.configuration.tenantId, traceId },
      this.settings.applyTimeoutMs,
    );
    if (reply.success) {
      await this.store.markProcessed(
        webhookId,
        reply.data.effect,
        `${reply.data.status} (${reply.data.effect})`,
        reply.data.effect,
      );
      return { decision: reply.data.effect };
    }
    const refusal = REFUSALS[reply.error.code];
    if (refusal) {
      const [decision, processing] = refusal;
      if (reply.error.code === 'AMOUNT_MISMATCH') {
        this.logger.warn(
          { alert: 'WEBHOOK_AMOUNT_MISMATCH', gatewayType, webhookId, reference: callback.gatewayReference },
          'webhook amount differs from the payment',
        );
      }
      await this.store.markProcessed(webhookId, processing, reply.error.code, decision);
      return { decision };
    }
    // Our side failed (command service down, timeout, conflict): the gateway retries, and so does our loop.
    return { decision: 'RETRY_LATER', retryReason: `${reply.error.code}: ${reply.error.message}` };
  }
}

// A callback we could not read still needs a dedup key: the hash of exactly what arrived.
function fingerprint(callback: RawCallback): string {
  return createHash('sha256')
    .update(JSON.stringify([callback.method, callback.query, callback.rawBody]))
    .digest('hex');
}
