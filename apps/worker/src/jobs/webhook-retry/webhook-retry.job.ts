import { Inject, Injectable, Logger } from '@nestjs/common';
import { isGatewayType } from '@ppm/domain';
import { currentTraceId } from '@ppm/observability';
import { WebhookEventStore, WebhookRetryQueue, type DueWebhook } from '@ppm/persistence';
import { GatewayWebhookIntake } from '../../webhooks/receive-gateway-webhook/gateway-webhook-intake';
import { WEBHOOK_SETTINGS, type WebhookSettings } from '../../webhooks/receive-gateway-webhook/webhook-settings';
import { forEachConcurrently } from '../scheduler/for-each-concurrently';
import { JOB_SETTINGS, type JobSettings } from '../scheduler/job-settings';
import type { JobRun, ScheduledJob } from '../scheduler/scheduled-job';
import { retryDelayMs } from './retry-backoff';

const BATCH_SIZE = 20;
const CONCURRENCY = 4;

type RetryCounts = Record<'applied' | 'duplicates' | 'rejected' | 'rescheduled' | 'givenUp' | 'errors', number>;

/**
 * Our own retry loop for webhooks we stored but could not apply (command service down or slow): each due one is
 * verified again from its raw request and applied through the same intake as on arrival. Still failing on our side,
 * it is tried again after an exponentially growing delay (capped at an hour); after `JOB_WEBHOOK_MAX_ATTEMPTS`
 * tries it is marked FAILED and raised as an alert, kept for an operator to replay. Applying is idempotent by the
 * gateway's ids, so a webhook the gateway also redelivered meanwhile changes the payment once.
 */
@Injectable()
export class WebhookRetryJob implements ScheduledJob {
  readonly name = 'webhook-retry';
  readonly intervalMs: number;
  private readonly logger = new Logger(WebhookRetryJob.name);
  // Long enough for a whole batch to be applied, a few at a time, each within its apply timeout.
  private readonly claimForMs: number;

  constructor(
    private readonly queue: WebhookRetryQueue,
    private readonly store: WebhookEventStore,
    private readonly intake: GatewayWebhookIntake,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
    @Inject(WEBHOOK_SETTINGS) private readonly webhooks: WebhookSettings,
  ) {
    this.intervalMs = settings.webhookRetry.intervalMs;
    this.claimForMs = Math.ceil(BATCH_SIZE / CONCURRENCY) * webhooks.applyTimeoutMs + 30_000;
  }

  async run(run: JobRun): Promise<void> {
    const counts = run.tally('applied', 'duplicates', 'rejected', 'rescheduled', 'givenUp', 'errors');
    while (!run.signal.aborted) {
      const due = await this.queue.claimDue(BATCH_SIZE, this.claimForMs);
      await forEachConcurrently(due, CONCURRENCY, run.signal, (webhook) => this.retry(webhook, counts));
      if (due.length < BATCH_SIZE) break;
    }
  }

  private async retry(webhook: DueWebhook, counts: RetryCounts): Promise<void> {
    const attempt = webhook.attempts + 1;
    try {
      if (!isGatewayType(webhook.gatewayType)) {
        await this.giveUp(webhook, attempt, `unknown gateway type ${webhook.gatewayType}`, counts);
        return;
      }
      const applied = await this.intake.reapply(webhook.gatewayType, webhook, currentTraceId());
      if (applied.retryReason === undefined) {
        if (applied.decision === 'APPLIED') counts.applied += 1;
        else if (applied.decision === 'DUPLICATE') counts.duplicates += 1;
        else counts.rejected += 1;
        return;
      }
      if (attempt >= this.settings.webhookRetry.maxAttempts) {
        await this.giveUp(webhook, attempt, applied.retryReason, counts);
        return;
      }
      await this.store.markForRetry(webhook.id, applied.retryReason, retryDelayMs(attempt, this.webhooks.retryDelayMs));
      counts.rescheduled += 1;
    } catch (error) {
      // Left claimed: it comes back once the claim lapses, without this try counting against it.
      counts.errors += 1;
      this.logger.error({ webhookId: webhook.id, err: error }, 'could not retry the webhook');
    }
  }

  private async giveUp(webhook: DueWebhook, attempts: number, reason: string, counts: RetryCounts): Promise<void> {
    await this.queue.giveUp(webhook.id, reason);
    counts.givenUp += 1;
    this.logger.error(
      {
        alert: 'WEBHOOK_RETRIES_EXHAUSTED',
        webhookId: webhook.id,
        gatewayType: webhook.gatewayType,
        attempts,
        receivedAt: webhook.receivedAt,
        reason,
      },
      'a webhook could not be applied after all its tries; it is FAILED and needs an operator (replay it once fixed)',
    );
  }
}
