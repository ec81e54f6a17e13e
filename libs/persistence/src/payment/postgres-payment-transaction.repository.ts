import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@ppm/contracts';
import type {
  CreatingRequestKey,
  EventContext,
  GatewayType,
  PaymentDomainEvent,
  PaymentTransactionRepository,
  Result,
} from '@ppm/domain';
import { failure, PaymentTransaction, success } from '@ppm/domain';
import { EventEnvelopeFactory } from '../events/event-envelope.factory';
import { UncommittedEvents } from '../events/uncommitted-events';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { AuditTrail } from '../audit/audit-trail';
import { concurrentModification, duplicateSourceTransaction } from '../shared/persistence.errors';
import { violatedUniqueConstraint } from '../shared/postgres-errors';
import { preparedQuery } from '../shared/prepared-query';
import { WriteRefused } from '../shared/write-refused';
import { PaymentTransactionMapper, type PaymentAttemptColumns, type RefundColumns } from './payment-transaction.mapper';
import {
  ATTEMPT_COLUMNS,
  INSERT_PAYMENT,
  NAME_PAYMENT_IN_ITS_KEY,
  REFUND_COLUMNS,
  UPDATE_PAYMENT,
  UPSERT_ATTEMPT,
  UPSERT_REFUND,
} from './payment-transaction.sql';
import { PostgresPaymentReader } from './postgres-payment.reader';

const AGGREGATE = 'payment transaction';
const AUDITED_RESOURCE = 'payment';

// Postgres' division_by_zero: raised on purpose by the ownership check of a write (nothing else divides there).
const OWNERSHIP_CHECK_FAILED = '22012';

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
  private readonly audit: AuditTrail;
  private readonly reader: PostgresPaymentReader;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly envelopes: EventEnvelopeFactory = new EventEnvelopeFactory(),
  ) {
    this.audit = new AuditTrail(outbox);
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
    if (payment.version !== 0) {
      throw new Error(`Payment ${payment.id} was loaded at version ${payment.version}: save it, don't add it`);
    }
    const { payment: row, attempts, refunds } = this.mapper.toColumns(payment);
    const events = this.envelopes.wrap(this.uncommitted.take(payment), 1, context);
    const params: unknown[] = [
      row.id,
      row.tenant_id,
      row.amount,
      row.currency,
      row.payment_method_type,
      row.status,
      row.initiated_by_user_id,
      row.source_bounded_context,
      row.source_transaction_id,
      row.payment_gateway_id,
      row.gateway_type,
      row.gateway_reference,
      row.gateway_transaction_id,
      row.description,
      row.return_url,
      row.payment_url,
      row.expires_at,
      row.refunded_amount,
      row.late_capture,
      row.metadata,
      row.failure_code,
      row.failure_reason,
      row.created_at,
      row.updated_at,
      row.completed_at,
      row.customer_ref,
      row.client_ip,
      row.callback_url,
    ];
    let version: number | null;
    try {
      version = await this.write(
        `${INSERT_PAYMENT} RETURNING version`,
        params,
        attempts,
        refunds,
        events,
        context,
        createdUnder,
      );
    } catch (error) {
      const refused = this.refusalOf(error, payment);
      if (refused) return failure(refused.refusal);
      throw error;
    }
    return success(this.stored(payment, version ?? 1));
  }

  async save(payment: PaymentTransaction, context: EventContext): Promise<Result<PaymentTransaction>> {
    if (payment.version === 0) throw new Error(`Payment ${payment.id} was never stored: add it, don't save it`);
    const expected = payment.version;
    const { payment: row, attempts, refunds } = this.mapper.toColumns(payment);
    const events = this.envelopes.wrap(this.uncommitted.take(payment), expected + 1, context);
    let version: number | null;
    try {
      version = await this.write(
        UPDATE_PAYMENT,
        [
          row.id,
          row.tenant_id,
          expected,
          row.status,
          row.gateway_reference,
          row.gateway_transaction_id,
          row.payment_url,
          row.expires_at,
          row.refunded_amount,
          row.late_capture,
          row.failure_code,
          row.failure_reason,
          row.updated_at,
          row.completed_at,
        ],
        this.changedRows(payment, attempts, payment.attempts),
        this.changedRows(payment, refunds, payment.refunds),
        events,
        context,
      );
      if (version === null) throw new WriteRefused(concurrentModification(AGGREGATE, payment.id));
    } catch (error) {
      const refused = this.refusalOf(error, payment);
      if (refused) return failure(refused.refusal);
      throw error;
    }
    return success(this.stored(payment, version));
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

  /**
   * One statement: `head` (the payment row's INSERT or versioned UPDATE, `RETURNING version`), then, only if it
   * wrote the row, the attempts, refunds and events. The version written, or null when the head wrote nothing (a
   * stale version): then nothing was written. An attempt or refund id owned by another payment fails the whole statement (the check
   * divides by zero), reported as such. `createdUnder` (a new payment's): the idempotency key the write points at it.
   */
  private async write(
    head: string,
    params: unknown[],
    attempts: readonly PaymentAttemptColumns[],
    refunds: readonly RefundColumns[],
    events: EventEnvelope[],
    context: EventContext,
    createdUnder?: CreatingRequestKey,
  ): Promise<number | null> {
    const condition = 'EXISTS (SELECT 1 FROM head)';
    const parts = [`head AS (${head})`];
    if (createdUnder) {
      params.push(createdUnder.scope, createdUnder.key);
      parts.push(`named_in_key AS (${NAME_PAYMENT_IN_ITS_KEY(params.length - 1, condition)})`);
    }
    const children: string[] = [];
    for (const attempt of attempts) {
      const first = params.length + 1;
      params.push(...ATTEMPT_COLUMNS.map((column) => attempt[column]));
      children.push(`attempt_${children.length}`);
      parts.push(`${children[children.length - 1]} AS (${UPSERT_ATTEMPT(first, condition)})`);
    }
    for (const refund of refunds) {
      const first = params.length + 1;
      params.push(...REFUND_COLUMNS.map((column) => refund[column]), 1);
      children.push(`refund_${children.length}`);
      parts.push(`${children[children.length - 1]} AS (${UPSERT_REFUND(first, condition)})`);
    }
    // Every change of a payment moves or reserves money: each is audited with its actor, in the same statement.
    const audits = this.audit.recordsOf(AUDITED_RESOURCE, events, context);
    const audit = this.audit.insertStatement(audits, context, params, condition);
    if (audit) parts.push(`audit AS (${audit})`);
    const outbox = this.outbox.insertStatement([...events, ...audits], params, condition);
    if (outbox) parts.push(`outbox AS (${outbox})`);
    // The relay in this process is woken below: no NOTIFY, whose commit lock would serialise every write.
    const quiet = outbox !== null && this.outbox.silencesNotify;
    if (quiet) parts.push(`quiet AS (SELECT set_config('ppm.outbox_notify', 'off', true) AS setting)`);
    const written = children.map((child) => `(SELECT count(*) FROM ${child})`).join(' + ') || '0';
    const sql = `WITH ${parts.join(',\n')}
      SELECT (SELECT version FROM head) AS version,
             CASE WHEN NOT EXISTS (SELECT 1 FROM head) THEN 0
                  ELSE 1 / (CASE WHEN ${written} = ${children.length} THEN 1 ELSE 0 END) END AS owned
             ${quiet ? ', (SELECT setting FROM quiet) AS quiet' : ''}`;
    try {
      const [result] = await preparedQuery<{ version: number | null }>(this.dataSource, sql, params);
      const version = result?.version ?? null;
      if (version !== null && outbox) this.outbox.committed();
      return version;
    } catch (error) {
      if ((error as { code?: unknown }).code === OWNERSHIP_CHECK_FAILED) {
        throw new Error(`Payment ${String(params[0])}: an attempt or refund id belongs to another payment`);
      }
      throw error;
    }
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
