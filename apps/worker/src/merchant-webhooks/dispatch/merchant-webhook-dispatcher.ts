import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { nextWebhookAttemptDelayMs, type EventContext } from '@ppm/domain';
import { MerchantWebhookSender, signWebhook, type MerchantWebhookAttemptResult } from '@ppm/gateways';
import { CredentialCipher, openWebhookSecret, WebhookDeliveryQueue, type DueWebhookDelivery } from '@ppm/persistence';
import { DISPATCH_SETTINGS, type DispatchSettings } from './dispatch-settings';
import { EndpointBulkheads } from './endpoint-bulkheads';
import { WebhookDeliveryMetrics } from './webhook-delivery-metrics';

/** An attempt's result and when it was sent. */
type Attempt = MerchantWebhookAttemptResult & { attemptedAt: Date };

const ENDPOINT_KEY = 'endpoint:';
const URL_KEY = 'url:';

/**
 * Sends merchant webhook deliveries as they fall due, on every worker instance at once: each claims due rows
 * (SKIP LOCKED, so no delivery is sent by two), signs and POSTs each in its endpoint's bulkhead, and records the
 * attempt with the delivery's next step by the retry schedule. A dispatcher that dies mid-attempt loses nothing:
 * its claims lapse and another sends them again under the same `webhook-id`.
 */
@Injectable()
export class MerchantWebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MerchantWebhooks');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly queue: WebhookDeliveryQueue,
    private readonly sender: MerchantWebhookSender,
    private readonly cipher: CredentialCipher,
    private readonly bulkheads: EndpointBulkheads,
    private readonly metrics: WebhookDeliveryMetrics,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.loop ??= this.run();
  }

  // Before the database pool closes: attempts in flight still record what they did.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort('shutdown');
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    this.bulkheads.shutdown();
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let claimed = 0;
      try {
        claimed = await this.claimAndSend();
      } catch (error) {
        this.logger.error({ err: error }, 'could not claim due merchant webhook deliveries');
      }
      if (claimed === 0 || this.inFlight.size >= this.settings.concurrency) await this.pause();
    }
  }

  // Until the poll interval passes or an attempt ends (freeing room, or its endpoint's bulkhead).
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.settings.pollIntervalMs);
      this.wake = done;
    });
  }

  private async claimAndSend(): Promise<number> {
    const room = this.settings.concurrency - this.inFlight.size;
    if (room <= 0) return 0;
    const unavailable = this.bulkheads.unavailable();
    const due = await this.queue.claimDue({
      limit: room,
      claimForMs: this.settings.claimForMs,
      perTarget: this.settings.endpointConcurrency,
      excludedEndpointIds: unavailable
        .filter((key) => key.startsWith(ENDPOINT_KEY))
        .map((key) => key.slice(ENDPOINT_KEY.length)),
      excludedUrls: unavailable.filter((key) => key.startsWith(URL_KEY)).map((key) => key.slice(URL_KEY.length)),
    });
    for (const delivery of due) {
      const attempt = this.deliver(delivery)
        .catch((error: unknown) =>
          this.logger.error({ deliveryId: delivery.id, err: error }, 'could not record a merchant webhook attempt'),
        )
        .finally(() => {
          this.inFlight.delete(attempt);
          this.wake?.();
        });
      this.inFlight.add(attempt);
    }
    return due.length;
  }

  private async deliver(delivery: DueWebhookDelivery): Promise<void> {
    const result = await this.send(delivery);
    if (!result) return;
    const retryInMs = result.delivered
      ? null
      : nextWebhookAttemptDelayMs(this.settings.retryScheduleMs, delivery.attemptsMade + 1, Math.random);
    const disabled = await this.queue.recordAttempt(delivery, { ...result, retryInMs }, contextOf(delivery));
    this.metrics.attempted(
      result.delivered ? 'delivered' : retryInMs === null ? 'failed' : 'retrying',
      result.latencyMs,
    );
    if (disabled) {
      this.metrics.endpointDisabled();
      this.logger.error(
        { alert: 'MERCHANT_WEBHOOK_ENDPOINT_DISABLED', ...disabled },
        'merchant webhook endpoint disabled: every delivery failed since failingSince',
      );
    }
  }

  /**
   * One signed POST in the endpoint's bulkhead; null when nothing was sent and nobody is to blame on the merchant's
   * side (its breaker refused it, or PPM's own keyring cannot open the secret): the claim lapses, no attempt counts.
   */
  private async send(delivery: DueWebhookDelivery): Promise<Attempt | null> {
    const secrets = this.secretsOf(delivery);
    if (secrets === null) return null;
    if (typeof secrets === 'string') return unsent(secrets);
    const body = JSON.stringify(delivery.payload);
    let result: Attempt | null = null;
    const key = delivery.endpointId ? ENDPOINT_KEY + delivery.endpointId : URL_KEY + delivery.url;
    await this.bulkheads.attempt(key, async () => {
      // Signed when it leaves, after any wait for the bulkhead: receivers refuse stale timestamps.
      const attemptedAt = new Date();
      const timestamp = Math.floor(attemptedAt.getTime() / 1000);
      const headers = signWebhook({ id: delivery.eventId, timestamp, body, secrets });
      result = { ...(await this.sender.post({ url: delivery.url, headers: { ...headers }, body })), attemptedAt };
      return result.delivered;
    });
    return result;
  }

  // The current secret, and the previous one while a rotation overlaps; or why the tenant's set-up cannot sign the
  // delivery; or null when PPM's keyring cannot open the secret (an operator's mistake, alerted, never the merchant's).
  private secretsOf(delivery: DueWebhookDelivery): string[] | string | null {
    if (!delivery.signing) return 'the tenant has no webhook endpoint whose secret signs it';
    const { endpointId, secret, previousSecret } = delivery.signing;
    try {
      const previous = previousSecret ? [openWebhookSecret(this.cipher, previousSecret, endpointId)] : [];
      return [openWebhookSecret(this.cipher, secret, endpointId), ...previous];
    } catch (error) {
      this.logger.error(
        { alert: 'MERCHANT_WEBHOOK_SECRET_UNREADABLE', endpointId, err: error },
        'could not open a merchant webhook signing secret: check PPM_ENCRYPTION_KEYS; the delivery waits',
      );
      return null;
    }
  }
}

function unsent(error: string): Attempt {
  return { delivered: false, statusCode: null, latencyMs: 0, error, responseExcerpt: null, attemptedAt: new Date() };
}

function contextOf(delivery: DueWebhookDelivery): EventContext {
  return {
    traceId: randomUUID(),
    correlationId: delivery.eventId,
    causationId: delivery.eventId,
    actor: { type: 'SYSTEM', id: 'merchant-webhook-dispatcher' },
  };
}
