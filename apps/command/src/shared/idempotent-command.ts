import { Command } from '@nestjs/cqrs';
import type { RequestMeta } from '@ppm/contracts';
import type { ClaimedKey } from './claimed-key';

/**
 * A command a NATS controller marked `@Idempotent` returns instead of running it: the envelope's meta (tenant,
 * idempotency key) and validated body. `IdempotentExecution` claims the key, hands the claim over here and runs it.
 */
export abstract class IdempotentCommand<TData extends object, TResult> extends Command<TResult> {
  /** Set before the command runs when its envelope carried an idempotency key (claimed or to claim); null without. */
  claimedKey: ClaimedKey | null = null;

  constructor(
    readonly meta: RequestMeta,
    readonly data: TData,
  ) {
    super();
  }
}
