import { Logger } from '@nestjs/common';
import type { DueWebhook, WebhookEventStore, WebhookRetryQueue } from '@ppm/persistence';
import type {
  GatewayWebhookIntake,
  WebhookApplication,
} from '../../webhooks/receive-gateway-webhook/gateway-webhook-intake';
import type { WebhookSettings } from '../../webhooks/receive-gateway-webhook/webhook-settings';
import type { JobSettings } from '../scheduler/job-settings';
import type { JobRun } from '../scheduler/scheduled-job';
import { WebhookRetryJob } from './webhook-retry.job';

const settings: JobSettings = {
  enabled: true,
  leaseTtlMs: 30_000,
  stuckPayments: { intervalMs: 60_000, ageMs: 300_000, batchSize: 100, concurrency: 4, syncTimeoutMs: 30_000 },
  reviewExpiry: { intervalMs: 60_000, timeoutMinutes: 60 },
  webhookRetry: { intervalMs: 10_000, maxAttempts: 5 },
  cleanup: {
    intervalMs: 3_600_000,
    webhookRetentionDays: 90,
    unverifiedWebhookRetentionDays: 7,
    jobRunRetentionDays: 30,
    inboxRetentionDays: 14,
  },
};
const webhookSettings: WebhookSettings = {
  applyTimeoutMs: 5_000,
  retryDelayMs: 10_000,
  defaultBaseUrl: 'http://x',
  unverifiedMaxChars: 4_096,
};

const due = (id: string, attempts: number, gatewayType = 'VNPAY'): DueWebhook => ({
  id,
  gatewayType,
  method: 'GET',
  rawQuery: 'vnp_TxnRef=1',
  rawBody: null,
  headers: {},
  attempts,
  receivedAt: new Date('2025-03-01T08:00:00Z'),
});

describe('WebhookRetryJob', () => {
  let claimed: DueWebhook[];
  let outcomes: Record<string, WebhookApplication | Error>;
  let rescheduled: { id: string; reason: string; delayMs: number }[];
  let givenUp: { id: string; reason: string }[];
  let alerts: unknown[];
  let job: WebhookRetryJob;

  const run = (): { run: JobRun; counts: Record<string, number> } => {
    const counts: Record<string, number> = {};
    return {
      counts,
      run: {
        signal: new AbortController().signal,
        tally: <K extends string>(...names: K[]) => {
          for (const name of names) counts[name] = 0;
          return counts as Record<K, number>;
        },
      },
    };
  };

  beforeEach(() => {
    claimed = [];
    outcomes = {};
    rescheduled = [];
    givenUp = [];
    alerts = [];
    Logger.overrideLogger({
      log: () => undefined,
      warn: () => undefined,
      error: (message: unknown) => alerts.push(message),
    });
    const queue = {
      claimDue: (limit: number) => Promise.resolve(claimed.splice(0, limit)),
      giveUp: (id: string, reason: string) => Promise.resolve(void givenUp.push({ id, reason })),
    } as unknown as WebhookRetryQueue;
    const store = {
      markForRetry: (id: string, reason: string, delayMs: number) =>
        Promise.resolve(void rescheduled.push({ id, reason, delayMs })),
    } as unknown as WebhookEventStore;
    const intake = {
      reapply: (_gatewayType: string, webhook: DueWebhook) => {
        const outcome = outcomes[webhook.id];
        return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
      },
    } as unknown as GatewayWebhookIntake;
    job = new WebhookRetryJob(queue, store, intake, settings, webhookSettings);
  });

  afterAll(() => {
    Logger.overrideLogger(false);
  });

  it('counts what the intake made of each due webhook', async () => {
    claimed = [due('a', 1), due('b', 1), due('c', 2)];
    outcomes = { a: { decision: 'APPLIED' }, b: { decision: 'DUPLICATE' }, c: { decision: 'UNKNOWN_ORDER' } };
    const { run: jobRun, counts } = run();
    await job.run(jobRun);
    expect(counts).toEqual({ applied: 1, duplicates: 1, rejected: 1, rescheduled: 0, givenUp: 0, errors: 0 });
    expect(rescheduled).toEqual([]);
  });

  it('tries a webhook still failing on our side again later, waiting longer after each try', async () => {
    claimed = [due('a', 1), due('b', 3)];
    outcomes = {
      a: { decision: 'RETRY_LATER', retryReason: 'SERVICE_UNAVAILABLE: down' },
      b: { decision: 'RETRY_LATER', retryReason: 'SERVICE_TIMEOUT: slow' },
    };
    const { run: jobRun, counts } = run();
    await job.run(jobRun);
    expect(counts['rescheduled']).toBe(2);
    const delayOf = (id: string) => rescheduled.find((r) => r.id === id)?.delayMs ?? 0;
    // Try 2 failed → about 20 s; try 4 failed → about 80 s.
    expect(delayOf('a')).toBeGreaterThanOrEqual(18_000);
    expect(delayOf('a')).toBeLessThanOrEqual(22_000);
    expect(delayOf('b')).toBeGreaterThanOrEqual(72_000);
    expect(delayOf('b')).toBeLessThanOrEqual(88_000);
    expect(rescheduled.find((r) => r.id === 'a')?.reason).toBe('SERVICE_UNAVAILABLE: down');
  });

  it('gives a webhook up as FAILED with an alert once its last try failed', async () => {
    claimed = [due('a', 4)];
    outcomes = { a: { decision: 'RETRY_LATER', retryReason: 'SERVICE_UNAVAILABLE: down' } };
    const { run: jobRun, counts } = run();
    await job.run(jobRun);
    expect(givenUp).toEqual([{ id: 'a', reason: 'SERVICE_UNAVAILABLE: down' }]);
    expect(rescheduled).toEqual([]);
    expect(counts['givenUp']).toBe(1);
    expect(alerts).toContainEqual(expect.objectContaining({ alert: 'WEBHOOK_RETRIES_EXHAUSTED', webhookId: 'a' }));
  });

  it('leaves a webhook whose retry broke claimed, for a later pass, and carries on with the others', async () => {
    claimed = [due('a', 1), due('b', 1)];
    outcomes = { a: new Error('connection terminated'), b: { decision: 'APPLIED' } };
    const { run: jobRun, counts } = run();
    await job.run(jobRun);
    expect(counts).toMatchObject({ errors: 1, applied: 1 });
    expect(rescheduled).toEqual([]);
    expect(givenUp).toEqual([]);
  });

  it('claims batch after batch until the due webhooks run out', async () => {
    claimed = Array.from({ length: 45 }, (_, i) => due(`w${i}`, 1));
    outcomes = Object.fromEntries(claimed.map((w) => [w.id, { decision: 'APPLIED' as const }]));
    const { run: jobRun, counts } = run();
    await job.run(jobRun);
    expect(counts['applied']).toBe(45);
  });
});
