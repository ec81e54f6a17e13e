import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import type { IdempotencyScope } from '@ppm/persistence';

/**
 * What a run answers when its first write found the request's key taken: nothing was written, and the idempotent
 * execution drops this reply to claim the key as for any request.
 */
export const KEY_TAKEN_REPLY: Reply<never> = fail(
  ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
  'A request with this idempotency key is running',
);

/**
 * The idempotency key a command runs under, as `IdempotentExecution` hands it over, and how far the run got with
 * it. A key is either claimed before the command runs, or (commands whose rule says `claimedByFirstWrite`) left for
 * the command's first write to claim in the same statement; a write may also store the reply. The execution then
 * skips the round trips the writes already made, and never lets go of a key this run does not hold.
 */
export class ClaimedKey {
  private state: 'to-claim' | 'held' | 'completed';

  constructor(
    readonly id: IdempotencyScope,
    /** The request body's fingerprint (credentials as keyed digests), computed once per request. */
    readonly fingerprint: string,
    /** The payment an interrupted earlier run under this key created: to be continued, not created again. */
    readonly interruptedPaymentId: string | null,
    held: boolean,
  ) {
    this.state = held ? 'held' : 'to-claim';
  }

  /** Whether this run holds the key (claimed before it ran, or by one of its writes). */
  get held(): boolean {
    return this.state !== 'to-claim';
  }

  /** Whether one of the run's writes stored its reply. */
  get completed(): boolean {
    return this.state === 'completed';
  }

  /** The run's first write claimed the key. */
  claimedByWrite(): void {
    this.state = 'held';
  }

  /** A write of the run stored its reply in the key. */
  completedByWrite(): void {
    if (this.state === 'to-claim') throw new Error(`idempotency key ${this.id.key} completed before it was claimed`);
    this.state = 'completed';
  }
}
