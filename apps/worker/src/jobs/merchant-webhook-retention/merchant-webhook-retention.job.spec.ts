import type { WebhookDeliveryRetention } from '@ppm/persistence';
import type { JobRun } from '../scheduler/scheduled-job';
import { MerchantWebhookRetentionJob } from './merchant-webhook-retention.job';

const SETTINGS = { intervalMs: 3_600_000, retentionDays: 30 };

/** A retention whose batches delete as `batches` says, in turn; it records the retention each call asked for. */
function retentionDeleting(batches: number[], asked: number[]): WebhookDeliveryRetention {
  return {
    deleteDeliveredBefore: (retentionDays: number) => {
      asked.push(retentionDays);
      return Promise.resolve(batches.shift() ?? 0);
    },
  } as unknown as WebhookDeliveryRetention;
}

function runOf(signal = new AbortController().signal): { run: JobRun; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const run: JobRun = {
    signal,
    tally: <K extends string>(...names: K[]) => {
      for (const name of names) counts[name] = 0;
      return counts as Record<K, number>;
    },
  };
  return { run, counts };
}

describe('the merchant webhook retention job', () => {
  it('deletes delivered deliveries past the retention batch after batch until one comes back short, counting them', async () => {
    const asked: number[] = [];
    const job = new MerchantWebhookRetentionJob(retentionDeleting([5_000, 5_000, 12, 7], asked), SETTINGS);
    const { run, counts } = runOf();

    await job.run(run);

    expect(counts).toEqual({ deliveries: 10_012 });
    expect(asked).toEqual([30, 30, 30]);
    expect(job.intervalMs).toBe(3_600_000);
  });

  it('stops between batches when its run is interrupted, keeping the count of what it deleted', async () => {
    const stop = new AbortController();
    const asked: number[] = [];
    const retention = retentionDeleting([5_000, 5_000], asked);
    const deleting = retention.deleteDeliveredBefore.bind(retention);
    retention.deleteDeliveredBefore = async (days: number, batch: number) => {
      const deleted = await deleting(days, batch);
      stop.abort('lease lost');
      return deleted;
    };
    const { run, counts } = runOf(stop.signal);

    await new MerchantWebhookRetentionJob(retention, SETTINGS).run(run);

    expect(counts).toEqual({ deliveries: 5_000 });
    expect(asked).toHaveLength(1);
  });
});
