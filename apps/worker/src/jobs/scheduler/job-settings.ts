/** Settings of the scheduled jobs (worker configuration). */
export interface JobSettings {
  enabled: boolean;
  leaseTtlMs: number;
  stuckPayments: {
    intervalMs: number;
    ageMs: number;
    batchSize: number;
    concurrency: number;
    syncTimeoutMs: number;
  };
  reviewExpiry: {
    intervalMs: number;
    timeoutMinutes: number;
  };
  webhookRetry: {
    intervalMs: number;
    maxAttempts: number;
  };
  cleanup: {
    intervalMs: number;
    webhookRetentionDays: number;
    unverifiedWebhookRetentionDays: number;
    jobRunRetentionDays: number;
    inboxRetentionDays: number;
  };
}

/** Injection token of the JobSettings. */
export const JOB_SETTINGS = Symbol('JobSettings');
