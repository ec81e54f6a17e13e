import { Command } from '@nestjs/cqrs';
import type { RequestMeta } from '@ppm/contracts';
import type { IdempotencyScope } from '@ppm/persistence';

/** The idempotency key a command runs under, as `IdempotentExecution` claimed it. */
export interface ClaimedKey {
  readonly id: IdempotencyScope;
  /** The request body's fingerprint (credentials as keyed digests), computed once per request. */
  readonly fingerprint: string;
  /** The payment an interrupted earlier run under this key created: to be continued, not created again. */
  readonly interruptedPaymentId: string | null;
}

/**
 * A command a NATS controller marked `@Idempotent` returns instead of running it: the envelope's meta (tenant,
 * idempotency key) and validated body. `IdempotentExecution` claims the key, hands the claim over here and runs it.
 */
export abstract class IdempotentCommand<TData extends object, TResult> extends Command<TResult> {
  /** Set before the command runs when its envelope carried an idempotency key; null without one. */
  claimedKey: ClaimedKey | null = null;

  constructor(
    readonly meta: RequestMeta,
    readonly data: TData,
  ) {
    super();
  }
}
