import type { DataSource } from 'typeorm';
import type {
  CompletedRequestKey,
  CreatingRequestKey,
  DomainError,
  EventContext,
  GatewayType,
  PaymentCreationTerms,
  PaymentDomainEvent,
  PaymentTransactionRepository,
  Result,
  UnmetCreationTerm,
} from '@ppm/domain';
import { failure, PaymentTransaction, success } from '@ppm/domain';
import { EventEnvelopeFactory } from '../events/event-envelope.factory';
import { UncommittedEvents } from '../events/uncommitted-events';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { AuditTrail } from '../audit/audit-trail';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import { concurrentModification, duplicateSourceTransaction } from '../shared/persistence.errors';
import { violatedUniqueConstraint } from '../shared/postgres-errors';
import { WriteRefused } from '../shared/write-refused';
import {
  keyClaim,
  keyNaming,
  PaymentStatement,
  riskDecisionRow,
  riskRulesTerm,
  type PaymentWrite,
  type WriteAnswer,
} from './payment-statement';
import { PaymentTransactionMapper } from './payment-transaction.mapper';
import {
  CONFIGURATION_IS_CURRENT,
  INSERT_PAYMENT,
  insertParams,
  PAYMENT_IS_AT_VERSION,
  UPDATE_PAYMENT,
  updateParams,
} from './payment-transaction.sql';
import { PostgresPaymentReader } from './postgres-payment.reader';

const AGGREGATE = 'payment transaction';

/**
 * `PaymentTransactionRepository` on Postgres: `payment_transactions` with its `payment_attempts` and `refunds`,
 * and the payment's events in `outbox_events`, all in one statement per write (data-modifying CTEs: atomic like a
 * transaction, in one round trip instead of BEGIN, three statements and COMMIT, and never idle in transaction).
 *
 * Optimistic concurrency: `save` updates the payment row only at the version it was loaded at, which also
 * serialises refund requests (two loads each reserving the full amount: the second save is refused).
 *
 * A save writes the payment row and only the attempts and refunds that changed since this repository read or
 * wrote the aggregate. A successful `save`/`add` answers with the payment as stored (a new aggregate at the
 * written version, which the write returns: no re-read); the object passed in keeps the version it was loaded at
 * (the domain never changes it), so saving it twice is refused as CONCURRENT_MODIFICATION.
 * Events pulled for a write that failed stay with the aggregate object and go out with its next successful write.
 */
export class PostgresPaymentTransactionRepository implements PaymentTransactionRepository {
  private readonly mapper = new PaymentTransactionMapper();
  private readonly uncommitted = new UncommittedEvents<PaymentTransaction, PaymentDomainEvent>();
  // Each aggregate's attempts and refunds as this repository read or wrote them. They are immutable (a change
  // replaces the entity), so a save writes only the ones that are not the same objects any more; its versioned
  // head proves nobody else wrote the payment since, so the rest are as stored.
  private readonly storedChildren = new WeakMap<PaymentTransaction, ReadonlySet<object>>();
  private readonly statement: PaymentStatement;
  private readonly reader: PostgresPaymentReader;
  private readonly envelopes = new EventEnvelopeFactory();

  /** `keys`: the idempotency store whose keys the writes claim and complete (`addIfCurrent`, `save`'s `completes`). */
  constructor(
    dataSource: DataSource,
    outbox: OutboxWriter,
    private readonly keys?: IdempotencyStore,
  ) {
    this.statement = new PaymentStatement(dataSource, outbox, new AuditTrail(outbox));
    this.reader = new PostgresPaymentReader(dataSource);
  }

  findById(tenantId: string, id: string): Promise<PaymentTransaction | null> {
    return this.tracked(this.reader.findById(tenantId, id));
  }

  findByGatewayReference(
    tenantId: string,
    gatewayType: GatewayType,
    gatewayReference: string,
  ): Promise<PaymentTransaction | null> {
    return this.tracked(this.reader.findByGatewayReference(tenantId, gatewayType, gatewayReference));
  }

  /**
   * The live payment of a source. A late-captured payment is live too but no longer holds the source (a retry may
   * exist beside it): when both exist, the one that holds the source is returned.
   */
  findLiveBySource(
    tenantId: string,
    boundedContext: string,
    transactionId: string,
  ): Promise<PaymentTransaction | null> {
    return this.tracked(this.reader.findLiveBySource(tenantId, boundedContext, transactionId));
  }

  async add(
    payment: PaymentTransaction,
    context: EventContext,
    createdUnder?: CreatingRequestKey,
  ): Promise<Result<PaymentTransaction>> {
    const written = await this.insert(payment, context, (write) => ({
      ...write,
      key: createdUnder && keyNaming(createdUnder),
    }));
    if (!written.ok) return written;
    if (!written.value.payment) throw new Error(`Payment ${payment.id}: an unconditional insert wrote nothing`);
    return success(written.value.payment);
  }

  async addIfCurrent(
    payment: PaymentTransaction,
    context: EventContext,
    terms: PaymentCreationTerms,
  ): Promise<Result<PaymentTransaction, DomainError | UnmetCreationTerm>> {
    const { key, riskRuleSetVersion, riskDecision } = terms;
    const claimFor = key?.claimFor;
    const claiming =
      key && claimFor !== undefined
        ? [{ name: 'key_claimed', body: keyClaim(this.keysToWrite(), payment.tenantId, key, claimFor, '$1') }]
        : [];
    const riskRules = riskRuleSetVersion === undefined ? [] : [riskRulesTerm(riskRuleSetVersion)];
    const written = await this.insert(payment, context, (write) => ({
      ...write,
      terms: [
        {
          name: 'configuration_current',
          body: (params) => {
            params.push(terms.configurationVersion);
            return CONFIGURATION_IS_CURRENT(params.length);
          },
        },
        ...riskRules,
        ...claiming,
      ],
      // A key claimed by this write already names the payment.
      key: key && claimFor === undefined ? keyNaming(key) : undefined,
      companions: riskDecision ? [riskDecisionRow(riskDecision)] : [],
    }));
    if (!written.ok) return written;
    const { payment: stored, held } = written.value;
    if (stored) return success(stored);
    if (!held['configuration_current']) return failure({ code: 'CONFIGURATION_CHANGED' });
    return failure({ code: riskRules.length > 0 && !held['risk_rules_current'] ? 'RISK_RULES_CHANGED' : 'KEY_TAKEN' });
  }

  async save(
    payment: PaymentTransaction,
    context: EventContext,
    completes?: CompletedRequestKey,
  ): Promise<Result<PaymentTransaction>> {
    const keys = completes && this.keysToWrite();
    const written = await this.update(payment, context, (write) => ({
      ...write,
      key:
        completes && keys
          ? (params, condition) =>
              keys.completionStatement(
                { tenantId: payment.tenantId, scope: completes.scope, key: completes.key },
                completes.reply,
                params,
                condition,
              )
          : undefined,
    }));
    if (!written.ok) return written;
    return written.value.payment
      ? success(written.value.payment)
      : failure(concurrentModification(AGGREGATE, payment.id));
  }

  async saveClaiming(
    payment: PaymentTransaction,
    context: EventContext,
    claim: CreatingRequestKey & { readonly fingerprint: string },
  ): Promise<Result<PaymentTransaction, DomainError | UnmetCreationTerm>> {
    const keys = this.keysToWrite();
    const written = await this.update(payment, context, (write) => ({
      ...write,
      terms: [
        { name: 'at_version', body: () => PAYMENT_IS_AT_VERSION },
        { name: 'key_claimed', body: keyClaim(keys, payment.tenantId, claim, claim.fingerprint, 'NULL') },
      ],
    }));
    if (!written.ok) return written;
    const { payment: stored, held } = written.value;
    if (stored) return success(stored);
    if (held['at_version'] && !held['key_claimed']) return failure({ code: 'KEY_TAKEN' });
    // A writer committed between the version check and the UPDATE: the key this write claimed goes again.
    if (held['key_claimed']) await keys.release({ tenantId: payment.tenantId, scope: claim.scope, key: claim.key });
    return failure(concurrentModification(AGGREGATE, payment.id));
  }

  /**
   * Updates a loaded payment at its version with its changed children, events and audit rows; `shaped` adds the
   * write's terms or key. The payment as stored, or null when its version or a term did not hold (nothing written).
   */
  private async update(
    payment: PaymentTransaction,
    context: EventContext,
    shaped: (write: PaymentWrite) => PaymentWrite,
  ): Promise<Result<{ payment: PaymentTransaction | null; held: Record<string, boolean> }>> {
    if (payment.version === 0) throw new Error(`Payment ${payment.id} was never stored: add it, don't save it`);
    const expected = payment.version;
    const { payment: row, attempts, refunds } = this.mapper.toColumns(payment);
    const events = this.envelopes.wrap(this.uncommitted.take(payment), expected + 1, context);
    let answer: WriteAnswer;
    try {
      answer = await this.statement.write(
        shaped({
          head: (condition) => UPDATE_PAYMENT(condition),
          params: updateParams(row, expected),
          attempts: this.changedRows(payment, attempts, payment.attempts),
          refunds: this.changedRows(payment, refunds, payment.refunds),
          events,
          context,
        }),
      );
    } catch (error) {
      const refused = this.refusalOf(error, payment);
      if (refused) return failure(refused.refusal);
      throw error;
    }
    if (answer.version === null) return success({ payment: null, held: answer.held });
    return success({ payment: this.stored(payment, answer.version), held: answer.held });
  }

  /**
   * Inserts a new payment with its children, events and audit rows; `shaped` adds the write's terms or key. The
   * payment as stored, or null when a term did not hold (then nothing was written).
   */
  private async insert(
    payment: PaymentTransaction,
    context: EventContext,
    shaped: (write: PaymentWrite) => PaymentWrite,
  ): Promise<Result<{ payment: PaymentTransaction | null; held: Record<string, boolean> }>> {
    if (payment.version !== 0) {
      throw new Error(`Payment ${payment.id} was loaded at version ${payment.version}: save it, don't add it`);
    }
    const { payment: row, attempts, refunds } = this.mapper.toColumns(payment);
    const events = this.envelopes.wrap(this.uncommitted.take(payment), 1, context);
    const params = insertParams(row);
    let answer: WriteAnswer;
    try {
      answer = await this.statement.write(
        shaped({ head: (condition) => INSERT_PAYMENT(condition), params, attempts, refunds, events, context }),
      );
    } catch (error) {
      const refused = this.refusalOf(error, payment);
      if (refused) return failure(refused.refusal);
      throw error;
    }
    // A term that did not hold wrote nothing: the events stay with the aggregate, as after any refused write.
    if (answer.version === null) return success({ payment: null, held: answer.held });
    return success({ payment: this.stored(payment, answer.version), held: answer.held });
  }

  // What a write stored, as a new aggregate at the stored version (no events: they are in the outbox now).
  private stored(payment: PaymentTransaction, version: number): PaymentTransaction {
    this.uncommitted.committed(payment);
    return this.remember(PaymentTransaction.restore({ ...payment.toSnapshot(), version }));
  }

  private remember(payment: PaymentTransaction): PaymentTransaction {
    this.storedChildren.set(payment, new Set<object>([...payment.attempts, ...payment.refunds]));
    return payment;
  }

  /** The rows of `entities` (same order) that changed since this repository read or wrote `payment` (all if unknown). */
  private changedRows<T>(payment: PaymentTransaction, rows: readonly T[], entities: readonly object[]): readonly T[] {
    const stored = this.storedChildren.get(payment);
    return stored ? rows.filter((_, i) => !stored.has(entities[i])) : rows;
  }

  private keysToWrite(): IdempotencyStore {
    if (!this.keys) throw new Error('This payment repository was given no idempotency store to write keys with');
    return this.keys;
  }

  // A payment read here is remembered with its children, so that its next save writes only the ones that changed.
  private async tracked(found: Promise<PaymentTransaction | null>): Promise<PaymentTransaction | null> {
    const payment = await found;
    return payment && this.remember(payment);
  }

  // Business refusals: a stale version, a second live payment for the source, or a racing duplicate refund.
  private refusalOf(error: unknown, payment: PaymentTransaction): WriteRefused | null {
    if (error instanceof WriteRefused) return error;
    const constraint = violatedUniqueConstraint(error);
    if (constraint === 'uq_payment_transactions_tenant_source_active') {
      return new WriteRefused(duplicateSourceTransaction(payment.source.boundedContext, payment.source.transactionId));
    }
    if (constraint?.startsWith('uq_refunds_')) {
      return new WriteRefused(concurrentModification(AGGREGATE, payment.id));
    }
    return null;
  }
}
