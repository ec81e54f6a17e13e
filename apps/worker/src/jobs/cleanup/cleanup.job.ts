import { Inject, Injectable } from '@nestjs/common';
import { IdempotencyStore, InboxRetention, JobRunLog, WebhookRetention } from '@ppm/persistence';
import { deleteInBatches } from '../scheduler/delete-in-batches';
import { JOB_SETTINGS, type JobSettings } from '../scheduler/job-settings';
import type { JobRun, ScheduledJob } from '../scheduler/scheduled-job';

const BATCH_SIZE = 5_000;
const DAY_MS = 86_400_000;

/**
 * Deletes what is no longer needed, a batch at a time so no statement holds locks for long: expired idempotency
 * keys, settled webhooks past `WEBHOOK_RETENTION_DAYS` (those that failed verification past the shorter
 * `WEBHOOK_UNVERIFIED_RETENTION_DAYS`), job run records past `JOB_RUN_RETENTION_DAYS` and consumed event ids past
 * `INBOX_RETENTION_DAYS`. Sent
 * outbox rows are not its business: the command service's relay deletes those as it goes.
 */
@Injectable()
export class CleanupJob implements ScheduledJob {
  readonly name = 'cleanup';
  readonly intervalMs: number;

  constructor(
    private readonly idempotencyKeys: IdempotencyStore,
    private readonly webhooks: WebhookRetention,
    private readonly runs: JobRunLog,
    private readonly inbox: InboxRetention,
    @Inject(JOB_SETTINGS) private readonly settings: JobSettings,
  ) {
    this.intervalMs = settings.cleanup.intervalMs;
  }

  async run(run: JobRun): Promise<void> {
    const { webhookRetentionDays, unverifiedWebhookRetentionDays, jobRunRetentionDays, inboxRetentionDays } =
      this.settings.cleanup;
    const counts = run.tally('idempotencyKeys', 'unverifiedWebhookEvents', 'webhookEvents', 'jobRuns', 'inboxMessages');
    const inBatches = (count: keyof typeof counts, deleteBatch: () => Promise<number>) =>
      deleteInBatches(run, counts, count, BATCH_SIZE, deleteBatch);
    await inBatches('idempotencyKeys', () => this.idempotencyKeys.deleteExpired(BATCH_SIZE));
    await inBatches('unverifiedWebhookEvents', () =>
      this.webhooks.deleteUnverifiedBefore(unverifiedWebhookRetentionDays, BATCH_SIZE),
    );
    await inBatches('webhookEvents', () => this.webhooks.deleteSettledBefore(webhookRetentionDays, BATCH_SIZE));
    await inBatches('jobRuns', () => this.runs.deleteStartedBefore(jobRunRetentionDays * DAY_MS, BATCH_SIZE));
    await inBatches('inboxMessages', () => this.inbox.deleteReceivedBefore(inboxRetentionDays, BATCH_SIZE));
  }
}
