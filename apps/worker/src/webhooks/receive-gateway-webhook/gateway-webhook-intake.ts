import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Subjects, type ApplyGatewayResultReply, type ApplyGatewayResultRequest, type ErrorCode } from '@ppm/contracts';
import {
  PaymentGateways,
  type CallbackDecision,
  type CallbackReply,
  type CallbackRejection,
  type GatewayType,
  type RawCallback,
  type VerifiedCallback,
} from '@ppm/gateways';
import { NatsRequester } from '@ppm/messaging';
import { WebhookEventStore, type DueWebhook, type ReceivedWebhook, type WebhookProcessing } from '@ppm/persistence';
import { GatewayCallbackVerifier, type CallbackVerification } from './gateway-callback-verifier';
import { WebhookMetrics } from './webhook-metrics';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings';

/** Answers to a verified callback when the command service refuses it, and what they mean for the stored row. */
const REFUSALS = {
  TRANSACTION_NOT_FOUND: ['UNKNOWN_ORDER', 'REJECTED'],
  AMOUNT_MISMATCH: ['INVALID_AMOUNT', 'REJECTED'],
  // A webhook never reverses a payment (e.g. "failed" after we captured): acknowledge so the gateway stops.
  INVALID_STATE_TRANSITION: ['DUPLICATE', 'REJECTED'],
  VALIDATION_ERROR: ['MALFORMED', 'REJECTED'],
} satisfies Partial<Record<ErrorCode, [CallbackDecision, WebhookProcessing]>>;

type Refusal = keyof typeof REFUSALS;

const isRefusal = (code: ErrorCode): code is Refusal => Object.hasOwn(REFUSALS, code);

const KEPT_HEADERS = ['content-type', 'user-agent', 'x-forwarded-for', 'x-request-id'];

/** What applying a verified webhook came to; `retryReason` says why our side failed when it must be tried again. */
export interface WebhookApplication {
  decision: CallbackDecision;
  retryReason?: string;
}

/**
 * Takes a gateway's callback: finds the payment it names and verifies the signature with the configuration that
 * opened that payment (`GatewayCallbackVerifier`), stores it (always, before answering; a request that fails
 * verification only up to a size cap), asks the command service to apply it with a timeout, and picks the reply
 * that gateway expects. Our own failure answers "retry" and leaves the webhook pending, so it is never lost; a bad
 * signature changes nothing and is logged as a security event with its source address.
 */
@Injectable()
export class GatewayWebhookIntake {
  private readonly logger = new Logger('GatewayWebhook');

  constructor(
    private readonly verifier: GatewayCallbackVerifier,
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
    const found = await this.verifier.verify(gatewayType, callback);
    const verified = found.kind === 'REFUSED' ? null : found;
    const webhookId = await this.store.record(
      this.asStored({
        gatewayType,
        tenantId: verified?.stored.configuration.tenantId ?? null,
        gatewayConfigurationId: verified?.stored.configuration.id ?? null,
        paymentTransactionId: verified?.transactionId ?? null,
        dedupKey: verified?.callback.dedupKey ?? fingerprint(callback),
        method: callback.method,
        rawQuery: new URLSearchParams(callback.query as Record<string, string>).toString() || null,
        rawBody: callback.rawBody || null,
        headers: Object.fromEntries(KEPT_HEADERS.map((h) => [h, callback.headers[h]])),
        sourceIp,
        verification: found.kind === 'REFUSED' ? found.rejection : 'VERIFIED',
      }),
    );
    if (found.kind === 'REFUSED') {
      this.logger.warn(
        {
          alert: 'WEBHOOK_REFUSED',
          gatewayType,
          merchantId: logged(protocol.merchantIdOf(callback)),
          reference: logged(protocol.referenceOf(callback)),
          reason: found.rejection,
          sourceIp,
          webhookId,
        },
        'gateway webhook refused before any state was looked at',
      );
      const decision = refusalDecision(found.rejection);
      this.metrics.handled(gatewayType, 'delivery', found.rejection, decision, startedAt);
      return protocol.replyFor(decision);
    }
    const applied = await this.apply(webhookId, gatewayType, found, traceId);
    if (applied.retryReason !== undefined && protocol.reverifiable) {
      await this.store.markForRetry(webhookId, applied.retryReason, this.settings.retryDelayMs);
    } else if (applied.retryReason !== undefined) {
      // Our retry loop could not verify it again: the sender's redelivery, which our "retry" reply asks for, will.
      await this.store.markProcessed(
        webhookId,
        'REJECTED',
        `left to redelivery: ${applied.retryReason}`,
        'RETRY_LATER',
      );
    }
    this.metrics.handled(gatewayType, 'delivery', null, applied.decision, startedAt);
    return protocol.replyFor(applied.decision);
  }

  /**
   * Applies a stored webhook again for the retry loop, from the raw request it arrived as: verified afresh as on
   * arrival (the configuration that opened its payment, as it is now), then applied exactly as on arrival. The
   * stored row records the outcome, except our own failure (`retryReason`), whose next try is the caller's to
   * schedule. A webhook that no longer verifies (its keys replaced) is rejected and raised as an alert.
   */
  async reapply(gatewayType: GatewayType, webhook: DueWebhook, traceId: string): Promise<WebhookApplication> {
    const startedAt = this.metrics.start();
    const callback: RawCallback = {
      method: webhook.method,
      query: Object.fromEntries(new URLSearchParams(webhook.rawQuery ?? '')),
      rawBody: webhook.rawBody ?? '',
      headers: webhook.headers,
    };
    const found = await this.verifier.verify(gatewayType, callback);
    if (found.kind === 'REFUSED') {
      const decision = refusalDecision(found.rejection);
      this.logger.warn(
        {
          alert: 'WEBHOOK_NO_LONGER_VERIFIES',
          gatewayType,
          reference: logged(this.gateways.callbackProtocol(gatewayType).referenceOf(callback)),
          reason: found.rejection,
          webhookId: webhook.id,
        },
        'a stored webhook no longer verifies with the configuration of its payment; rejected without applying it',
      );
      await this.store.markProcessed(webhook.id, 'REJECTED', `re-verification: ${found.rejection}`, decision);
      this.metrics.handled(gatewayType, 'retry', found.rejection, decision, startedAt);
      return { decision };
    }
    const applied = await this.apply(webhook.id, gatewayType, found, traceId);
    this.metrics.handled(gatewayType, 'retry', null, applied.decision, startedAt);
    return applied;
  }

  // A request that failed verification is anyone's traffic: what is kept of it as evidence is capped.
  private asStored(webhook: ReceivedWebhook): ReceivedWebhook {
    if (webhook.verification === 'VERIFIED') return webhook;
    const cap = (text: string | null | undefined) => text?.slice(0, this.settings.unverifiedMaxChars) ?? null;
    return {
      ...webhook,
      rawQuery: cap(webhook.rawQuery),
      rawBody: cap(webhook.rawBody),
      headers: Object.fromEntries(
        Object.entries(webhook.headers).map(([name, value]) => [name, cap(value) ?? undefined]),
      ),
    };
  }

  private async apply(
    webhookId: string,
    gatewayType: GatewayType,
    { kind, stored, callback }: CallbackVerification & { kind: 'VERIFIED' | 'UNKNOWN_ORDER' },
    traceId: string,
  ): Promise<WebhookApplication> {
    // No payment has this reference, in any tenant: the command service has nothing to apply it to either.
    if (kind === 'UNKNOWN_ORDER') return this.refused(webhookId, gatewayType, callback, 'TRANSACTION_NOT_FOUND');
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
    if (isRefusal(reply.error.code)) return this.refused(webhookId, gatewayType, callback, reply.error.code);
    // Our side failed (command service down, timeout, conflict): the gateway retries, and so does our loop.
    return { decision: 'RETRY_LATER', retryReason: `${reply.error.code}: ${reply.error.message}` };
  }

  private async refused(
    webhookId: string,
    gatewayType: GatewayType,
    callback: VerifiedCallback,
    code: Refusal,
  ): Promise<WebhookApplication> {
    const [decision, processing] = REFUSALS[code];
    if (code === 'AMOUNT_MISMATCH') {
      this.logger.warn(
        { alert: 'WEBHOOK_AMOUNT_MISMATCH', gatewayType, webhookId, reference: callback.gatewayReference },
        'webhook amount differs from the payment',
      );
    }
    await this.store.markProcessed(webhookId, processing, code, decision);
    return { decision };
  }
}

// What an unverified request claims is anyone's text: logged only as a short excerpt.
function logged(claim: string | null): string | null {
  return claim?.slice(0, 100) ?? null;
}

function refusalDecision(rejection: CallbackRejection): CallbackDecision {
  return rejection === 'MALFORMED' ? 'MALFORMED' : 'BAD_SIGNATURE';
}

// A callback we could not read still needs a dedup key: the hash of exactly what arrived.
function fingerprint(callback: RawCallback): string {
  return createHash('sha256')
    .update(JSON.stringify([callback.method, callback.query, callback.rawBody]))
    .digest('hex');
}
