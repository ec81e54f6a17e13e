import { Inject, Injectable } from '@nestjs/common';
import type { DomainError, EventContext, PaymentTransaction, PaymentTransactionRepository, Result } from '@ppm/domain';
import type { ClaimedKey } from './claimed-key';
import { PAYMENT_TRANSACTIONS } from './repository.tokens';

/**
 * The request a change finishes, when the change's write is to store its reply too (in the key the request holds):
 * its reply as the decided payment and value make it.
 */
export interface FinishedRequest<T> {
  readonly key: ClaimedKey | null;
  readonly replyOf: (payment: PaymentTransaction, value: T) => unknown;
}

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
 * `finishes`: the request whose reply the save stores in its key (a decision that writes nothing stores none).
 */
@Injectable()
export class PaymentSaver {
  constructor(@Inject(PAYMENT_TRANSACTIONS) private readonly payments: PaymentTransactionRepository) {}

  async change<T>(
    load: () => Promise<PaymentTransaction | null>,
    decide: (payment: PaymentTransaction) => Result<T>,
    context: EventContext,
    maxAttempts = DEFAULT_ATTEMPTS,
    latest?: PaymentTransaction,
    finishes?: FinishedRequest<T>,
  ): Promise<{ ok: true; payment: PaymentTransaction; value: T } | { ok: false; error: DomainError | 'NOT_FOUND' }> {
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
      const key = finishes?.key?.held ? finishes.key : null;
      const completes = key ? { ...key.id, reply: finishes?.replyOf(payment, decided.value) } : undefined;
      const saved = await this.payments.save(payment, context, completes);
      if (saved.ok) {
        key?.completedByWrite();
        return { ok: true, payment: saved.value, value: decided.value };
      }
      if (saved.error.code !== 'CONCURRENT_MODIFICATION' || attempt >= maxAttempts)
        return { ok: false, error: saved.error };
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, MAX_PAUSE_MS)));
    }
  }
}

function isDuplicate(value: unknown): boolean {
  return (value as { effect?: unknown } | null)?.effect === 'DUPLICATE';
}
