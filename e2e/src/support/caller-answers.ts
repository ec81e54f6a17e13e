import type { Reply } from '@ppm/contracts';

/**
 * What callers were answered during a fault, by outcome: `ok` or the contract error's code, plus requests that got
 * no answer at all before the test's deadline (a hang, which no caller may ever see).
 */
export class CallerAnswers {
  private readonly counts = new Map<string, number>();

  /** Sends `request` and records its answer; a reply later than `deadlineMs` counts as `hung`. */
  async record<T>(request: Promise<Reply<T>>, deadlineMs: number): Promise<Reply<T> | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), deadlineMs);
    });
    const reply = await Promise.race([request, deadline]).finally(() => clearTimeout(timer));
    const outcome = reply === undefined ? 'hung' : reply.success ? 'ok' : reply.error.code;
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    return reply;
  }

  count(outcome: string): number {
    return this.counts.get(outcome) ?? 0;
  }

  /** Outcomes other than success and `allowed` error codes, with their counts. */
  unexpected(allowed: readonly string[]): Record<string, number> {
    return Object.fromEntries([...this.counts].filter(([outcome]) => outcome !== 'ok' && !allowed.includes(outcome)));
  }

  /** e.g. "ok 40, SERVICE_UNAVAILABLE 3". */
  describe(): string {
    return [...this.counts].map(([outcome, n]) => `${outcome} ${n}`).join(', ');
  }
}
