import { Inject, Injectable } from '@nestjs/common';
import type {
  DomainError,
  EventContext,
  PaymentTransaction,
  PaymentTransactionRepository,
  Result,
  UnmetCreationTerm,
} from '@ppm/domain';
import type { ClaimedKey } from './claimed-key';
import { PAYMENT_TRANSACTIONS } from './repository.tokens';

/**
 * The request a change is made for, when its save is also to write the request's idempotency key: claim it, if the
 * request does not hold it yet (then a key another request holds fails the change with KEY_TAKEN, nothing
 * written); else store the reply (`replyOf`, as the decided payment and value make it) in it.
 */
export interface KeyedRequest<T> {
  readonly key: ClaimedKey | null;
  readonly replyOf?: (payment: PaymentTransaction, value: T) => unknown;
}

/** How a change ended: the payment as stored and the decision's value, or why nothing was changed. */
export type Change<T, E = never> =
  { ok: true; payment: PaymentTransaction; value: T } | { ok: false; error: DomainError | 'NOT_FOUND' | E };

const DEFAULT_ATTEMPTS = 5;

/**
 * Attempts for recording what a gateway already did (an order opened, a refund made): each conflict means another
 * writer finished, so this converges, while giving up would lose the gateway's answer (a payment URL never handed
 * out, a refund left REQUESTED with the money gone).
 */
export const GATEWAY_ANSWER_ATTEMPTS = 50;
const MAX_PAUSE_MS = 50;

/**
 * Load → decide → save with optimistic concurrency, retried (after a short random pause, so racing writers spread
 * out) when another writer saved first. Only for decisions that stay right when re-made on fresher state (applying
 * a gateway result, reserving a refund against what is left): the decision is re-run on every attempt, never
 * replayed blindly. `maxAttempts` is higher where giving up would lose what a gateway already did. `latest`, the
 * payment as this caller last stored or loaded it, is decided on first instead of loading it again: if another
 * writer got in since, the save is refused and the next attempt loads (as does a decision that writes nothing).
 * `request`: the request whose idempotency key the save claims or completes (a decision that writes nothing writes
 * no key).
 */
@Injectable()
export class PaymentSaver {
  constructor(@Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository) {}

  change<T>(
    load: () => Promise<PaymentTransaction | null>,
    decide: (payment: PaymentTransaction) => Result<T>,
    context: EventContext,
    maxAttempts?: number,
    latest?: PaymentTransaction,
  ): Promise<Change<T>>;
  change<T>(
    load: () => Promise<PaymentTransaction | null>,
    decide: (payment: PaymentTransaction) => Result<T>,
    context: EventContext,
    maxAttempts: number | undefined,
    latest: PaymentTransaction | undefined,
    request: KeyedRequest<T>,
  ): Promise<Change<T, 'KEY_TAKEN'>>;
  async change<T>(
    load: () => Promise<PaymentTransaction | null>,
    decide: (payment: PaymentTransaction) => Result<T>,
    context: EventContext,
    maxAttempts = DEFAULT_ATTEMPTS,
    latest?: PaymentTransaction,
    request?: KeyedRequest<T>,
  ): Promise<Change<T, 'KEY_TAKEN'>> {
    for (let attempt = 1; ; attempt += 1) {
      const fromLatest = attempt === 1 && latest !== undefined;
      const payment = fromLatest ? latest : await load();
      if (!payment) return { ok: false, error: 'NOT_FOUND' };
      const decided = decide(payment);
      // Only a save proves `latest` was still current: a refusal or a duplicate is confirmed on the stored payment.
      if (fromLatest && (!decided.ok || isDuplicate(decided.value))) continue;
      if (!decided.ok) return { ok: false, error: decided.error };
      // A duplicate changed nothing: writing it would only bump the version and collide with real changes.
      if (isDuplicate(decided.value)) return { ok: true, payment, value: decided.value };
      const saved = await this.save(payment, decided.value, context, request);
      if (saved.ok) return { ok: true, payment: saved.value, value: decided.value };
      if (saved.error.code === 'KEY_TAKEN') return { ok: false, error: 'KEY_TAKEN' };
      if (saved.error.code !== 'CONCURRENT_MODIFICATION' || attempt >= maxAttempts)
        return { ok: false, error: saved.error as DomainError };
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, MAX_PAUSE_MS)));
    }
  }

  // The save, with what it writes of the request's key; the key learns what the write did with it.
  private async save<T>(
    payment: PaymentTransaction,
    value: T,
    context: EventContext,
    request: KeyedRequest<T> | undefined,
  ): Promise<Result<PaymentTransaction, DomainError | UnmetCreationTerm>> {
    const key = request?.key;
    if (key && !key.held) {
      const claimed = await this.payments.saveClaiming(payment, context, { ...key.id, fingerprint: key.fingerprint });
      if (claimed.ok) key.claimedByWrite();
      return claimed;
    }
    const replyOf = request?.replyOf;
    if (!key || !replyOf) return this.payments.save(payment, context);
    const saved = await this.payments.save(payment, context, { ...key.id, reply: replyOf(payment, value) });
    if (saved.ok) key.completedByWrite();
    return saved;
  }
}

function isDuplicate(value: unknown): boolean {
  return (value as { effect?: unknown } | null)?.effect === 'DUPLICATE';
}
