import type { AppProcess } from '@ppm/testing';

/** What one app's readiness probe said while it was watched. */
export interface ReadinessHistory {
  app: string;
  /** Probes that answered 503 or did not answer. */
  notReady: number;
  /** Whether the last probe said ready after an earlier one said not-ready. */
  recovered: boolean;
}

/**
 * Polls the readiness probe of running apps in the background, so a fault test can show each one turned not-ready
 * during an outage and ready again afterwards, on the same process.
 */
export class ReadinessWatch {
  private readonly histories: ReadinessHistory[];
  private stopped = false;
  private readonly polling: Promise<void>;

  constructor(
    private readonly apps: readonly AppProcess[],
    intervalMs = 200,
  ) {
    this.histories = apps.map((app) => ({ app: app.name, notReady: 0, recovered: false }));
    this.polling = this.poll(intervalMs);
  }

  /** Each app's history so far. */
  snapshot(): ReadinessHistory[] {
    return this.histories.map((h) => ({ ...h }));
  }

  /** Stops polling and returns each app's history. */
  async stop(): Promise<ReadinessHistory[]> {
    this.stopped = true;
    await this.polling;
    return this.snapshot();
  }

  private async poll(intervalMs: number): Promise<void> {
    while (!this.stopped) {
      await Promise.all(
        this.apps.map(async (app, i) => {
          const history = this.histories[i];
          if (!history) return;
          const ready = await fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(3_000) }).then(
            (r) => r.status === 200,
            () => false,
          );
          if (!ready) history.notReady += 1;
          history.recovered = ready && history.notReady > 0;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
