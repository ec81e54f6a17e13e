import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@ppm/contracts';
import type { CreatingRequestKey, EventContext, RiskDecisionRecord } from '@ppm/domain';
import type { AuditTrail } from '../audit/audit-trail';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { INSERT_RISK_DECISION, riskDecisionValues } from '../risk/risk-decision.sql';
import { preparedQuery } from '../shared/prepared-query';
import type { PaymentAttemptColumns, RefundColumns } from './payment-transaction.rows';
import {
  ATTEMPT_COLUMNS,
  NAME_PAYMENT_IN_ITS_KEY,
  REFUND_COLUMNS,
  RISK_RULES_ARE_CURRENT,
  UPSERT_ATTEMPT,
  UPSERT_REFUND,
} from './payment-transaction.sql';

const AUDITED_RESOURCE = 'payment';

// Postgres' division_by_zero: raised on purpose by the ownership check of a write (nothing else divides there).
const OWNERSHIP_CHECK_FAILED = '22012';

/** One single-statement write of a payment (see `PaymentStatement.write`). */
export interface PaymentWrite {
  /** The payment row's INSERT or versioned UPDATE, `RETURNING version`, gated by `condition` when it is given. */
  readonly head: (condition: string) => string;
  readonly params: unknown[];
  readonly attempts: readonly PaymentAttemptColumns[];
  readonly refunds: readonly RefundColumns[];
  readonly events: EventEnvelope[];
  readonly context: EventContext;
  /** CTEs before the head that must each return a row for the head to write (checks, an idempotency claim). */
  readonly terms?: readonly { name: string; body: (params: unknown[], condition: string) => string }[];
  /** A CTE written with the payment's children: the idempotency key it names or completes. */
  readonly key?: (params: unknown[], condition: string) => string;
  /** More rows written with the payment's children (CTEs named `name`), such as the risk decision that admitted it. */
  readonly companions?: readonly { name: string; body: (params: unknown[], condition: string) => string }[];
}

/** What a write answered: the version written (null: nothing was), and which of its terms held. */
export interface WriteAnswer {
  version: number | null;
  held: Record<string, boolean>;
}

/**
 * A payment's write as one statement of data-modifying CTEs (atomic like a transaction, in one round trip instead of
 * BEGIN, several statements and COMMIT, and never idle in transaction): the payment row, its changed attempts and
 * refunds, its events and audit rows in the outbox, and what it checks or writes of its request's idempotency key.
 */
export class PaymentStatement {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * One statement: the write's terms (each must return a row), then the payment row's head (`RETURNING version`),
   * then, only if it wrote the row, the attempts, refunds, events and the key. The version written, or null when the
   * head wrote nothing (a stale version or a term that did not hold): then nothing was written. An attempt or refund
   * id owned by another payment fails the whole statement (the check divides by zero), reported as such.
   */
  async write(write: PaymentWrite): Promise<WriteAnswer> {
    const { params, events, context } = write;
    const parts: string[] = [];
    let gate = 'true';
    for (const term of write.terms ?? []) {
      parts.push(`${term.name} AS (${term.body(params, gate)})`);
      gate = `EXISTS (SELECT 1 FROM ${term.name})`;
    }
    parts.push(`head AS (${write.head(gate)})`);
    const condition = 'EXISTS (SELECT 1 FROM head)';
    if (write.key) parts.push(`request_key AS (${write.key(params, condition)})`);
    for (const companion of write.companions ?? []) {
      parts.push(`${companion.name} AS (${companion.body(params, condition)})`);
    }
    const children: string[] = [];
    for (const attempt of write.attempts) {
      const first = params.length + 1;
      params.push(...ATTEMPT_COLUMNS.map((column) => attempt[column]));
      children.push(`attempt_${children.length}`);
      parts.push(`${children[children.length - 1]} AS (${UPSERT_ATTEMPT(first, condition)})`);
    }
    for (const refund of write.refunds) {
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
    const held = (write.terms ?? []).map((term) => `, EXISTS (SELECT 1 FROM ${term.name}) AS ${term.name}`).join('');
    const sql = `WITH ${parts.join(',\n')}
      SELECT (SELECT version FROM head) AS version,
             CASE WHEN NOT EXISTS (SELECT 1 FROM head) THEN 0
                  ELSE 1 / (CASE WHEN ${written} = ${children.length} THEN 1 ELSE 0 END) END AS owned
             ${held}${quiet ? ', (SELECT setting FROM quiet) AS quiet' : ''}`;
    try {
      const [result] = await preparedQuery<Record<string, unknown>>(this.dataSource, sql, params);
      const version = (result?.['version'] as number | null | undefined) ?? null;
      if (version !== null && outbox) this.outbox.committed();
      const terms = Object.fromEntries((write.terms ?? []).map((term) => [term.name, result?.[term.name] === true]));
      return { version, held: terms };
    } catch (error) {
      if ((error as { code?: unknown }).code === OWNERSHIP_CHECK_FAILED) {
        throw new Error(`Payment ${String(params[0])}: an attempt or refund id belongs to another payment`);
      }
      throw error;
    }
  }
}

/** The CTE that points a request's key, already held by that request, at the new payment. */
export function keyNaming(key: CreatingRequestKey): NonNullable<PaymentWrite['key']> {
  return (params, condition) => {
    params.push(key.scope, key.key);
    return NAME_PAYMENT_IN_ITS_KEY(params.length - 1, condition);
  };
}

/**
 * The CTE that claims a free key of `tenantId` for the request (`fingerprint`), naming the payment `paymentId` (an
 * SQL expression: `$1` for the payment a request creates, `NULL` for one it only changes).
 */
export function keyClaim(
  keys: IdempotencyStore,
  tenantId: string,
  key: CreatingRequestKey,
  fingerprint: string,
  paymentId: string,
): (params: unknown[], condition: string) => string {
  return (params, condition) =>
    keys.claimStatement({ tenantId, scope: key.scope, key: key.key }, fingerprint, paymentId, params, condition);
}

/** The term that the tenant's risk rule set is still at `version`, the one the payment was decided on. */
export function riskRulesTerm(version: number): NonNullable<PaymentWrite['terms']>[number] {
  return {
    name: 'risk_rules_current',
    body: (params, condition) => {
      params.push(version);
      return RISK_RULES_ARE_CURRENT(params.length, condition);
    },
  };
}

/** The risk decision that admitted a new payment, written with it: a REVIEW is never stored without its decision. */
export function riskDecisionRow(record: RiskDecisionRecord): NonNullable<PaymentWrite['companions']>[number] {
  return {
    name: 'risk_decision',
    body: (params, condition) => {
      const first = params.length + 1;
      params.push(...riskDecisionValues(record));
      return INSERT_RISK_DECISION(first, condition);
    },
  };
}
