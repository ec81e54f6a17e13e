import { Inject, Injectable } from '@nestjs/common';
import { WebhookDeliveryRetention } from '@ppm/persistence';
import { deleteInBatches } from '../scheduler/delete-in-batches';
import type { JobRun, ScheduledJob } from '../scheduler/scheduled-job';

const BATCH_SIZE = 5_000;

/** How often the retention job runs and how long a delivered merchant webhook is kept (worker configuration). */
export interface MerchantWebhookRetentionSettings {
  intervalMs: number;
  retentionDays: number;
}

/** Injection token of the MerchantWebhookRetentionSettings. */
export const MERCHANT_WEBHOOK_RETENTION_SETTINGS = Symbol('MerchantWebhookRetentionSettings');

/**
 * Deletes merchant webhook deliveries DELIVERED more than `MERCHANT_WEBHOOK_RETENTION_DAYS` ago with their attempts,
 * a batch at a time, so `webhook_deliveries` does not grow for ever. Pending and failed deliveries stay: the first
 * are still to be sent, the second are what an operator recovers.
 */
@Injectable()
export class MerchantWebhookRetentionJob implements ScheduledJob {
  readonly name = 'merchant-webhook-retention';
  readonly intervalMs: number;

  constructor(
    private readonly deliveries: WebhookDeliveryRetention,
    @Inject(MERCHANT_WEBHOOK_RETENTION_SETTINGS) private readonly settings: MerchantWebhookRetentionSettings,
  ) {
    this.intervalMs = settings.intervalMs;
  }

  async run(run: JobRun): Promise<void> {
    const counts = run.tally('deliveries');
    await deleteInBatches(run, counts, 'deliveries', BATCH_SIZE, () =>
      this.deliveries.deleteDeliveredBefore(this.settings.retentionDays, BATCH_SIZE),
    );
  }
}
