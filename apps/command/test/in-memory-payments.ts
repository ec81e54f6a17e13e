import {
  DomainError,
  failure,
  PaymentTransaction,
  success,
  type CompletedRequestKey,
  type CreatingRequestKey,
  type EventContext,
  type PaymentTransactionRepository,
  type PaymentTransactionSnapshot,
  type Result,
} from '@ppm/domain';

/** The value of a Result a test expects to succeed; a failure throws its code. */
export function must<T>(result: Result<T, { code: string }>): T {
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

/**
 * Payments by id as their snapshots, saved with optimistic concurrency like the Postgres repository. `contended`
 * makes other writers (e.g. the other refunds of a race) get in first for that many saves: each of those finds the
 * row changed and fails with CONCURRENT_MODIFICATION.
 */
export class InMemoryPayments implements PaymentTransactionRepository {
  readonly rows = new Map<string, PaymentTransactionSnapshot>();
  saves = 0;
  contended = 0;

  put(payment: PaymentTransaction): void {
    payment.pullEvents();
    this.rows.set(payment.id, { ...payment.toSnapshot(), version: payment.version + 1 });
  }
  stored(id: string): PaymentTransaction {
    return PaymentTransaction.restore(this.rows.get(id) as PaymentTransactionSnapshot);
  }
  findById(tenantId: string, id: string): Promise<PaymentTransaction | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row && row.tenantId === tenantId ? PaymentTransaction.restore(row) : null);
  }
  findByGatewayReference(): Promise<PaymentTransaction | null> {
    return Promise.resolve(null);
  }
  findLiveBySource(): Promise<PaymentTransaction | null> {
    return Promise.resolve(null);
  }
  add(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  addIfCurrent(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  // Claims no key: the keys are the Postgres repository's (its integration tests hold them).
  saveClaiming(
    payment: PaymentTransaction,
    context: EventContext,
    _claim: CreatingRequestKey & { readonly fingerprint: string },
  ): ReturnType<PaymentTransactionRepository['saveClaiming']> {
    return this.save(payment, context);
  }
  save(
    payment: PaymentTransaction,
    _context?: EventContext,
    _completes?: CompletedRequestKey,
  ): ReturnType<PaymentTransactionRepository['save']> {
    const row = this.rows.get(payment.id);
    if (row && this.contended > 0) {
      this.contended -= 1;
      this.rows.set(payment.id, { ...row, version: row.version + 1 });
    }
    if (this.rows.get(payment.id)?.version !== payment.version) {
      return Promise.resolve(failure(new DomainError('CONCURRENT_MODIFICATION', 'stale')));
    }
    this.saves += 1;
    this.put(payment);
    return Promise.resolve(success(this.stored(payment.id)));
  }
}
