import type { DataSource } from 'typeorm';

/** Which idempotency key: a tenant's key for one command. */
export interface IdempotencyScope {
  tenantId: string;
  /** The command subject: the same key on two different commands is two keys. */
  scope: string;
  key: string;
}

/**
 * What claiming a key found. A key taken over from a run that was interrupted names the payment that run created,
 * when it got that far (`payment.process` keys only): the retry continues it instead of creating another.
 */
export type IdempotencyClaim =
  | { kind: 'claimed'; paymentTransactionId?: string }
  | { kind: 'replay'; reply: unknown }
  | { kind: 'in_progress' }
  | { kind: 'reused' };

/** Lifetimes of keys. */
export interface IdempotencySettings {
  /** How long a key is kept (≥ 24 h). */
  ttlMs: number;
  /** How long a claim blocks others before it is considered abandoned (a crashed instance). */
  lockMs: number;
}

const seconds = (ms: number): number => ms / 1000;

/**
 * Stripe's idempotency model on Postgres: a key is claimed atomically (INSERT … ON CONFLICT, never
 * check-then-insert) with the request's fingerprint; the first execution's reply is stored and replayed; the same
 * key with another body is refused; a duplicate arriving while the first runs is told so. An abandoned claim (its
 * lock expired) can be taken over. A `payment.process` key also names the payment its run created (written by the
 * payment's own insert statement, see `PostgresPaymentTransactionRepository.add`): the one record that both
 * replays the reply and lets a retry continue an interrupted payment.
 */
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IdempotencySettings,
  ) {}

  async claim(id: IdempotencyScope, fingerprint: string): Promise<IdempotencyClaim> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, status, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, 'IN_PROGRESS', now() + make_interval(secs => $5), now() + make_interval(secs => $6))
       ON CONFLICT (tenant_id, scope, key) DO NOTHING
       RETURNING 1`,
      [id.tenantId, id.scope, id.key, fingerprint, seconds(this.settings.lockMs), seconds(this.settings.ttlMs)],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const [existing] = await this.dataSource.query<
      {
        request_hash: string;
        status: string;
        response: unknown;
        expired: boolean;
        abandoned: boolean;
        payment_transaction_id: string | null;
      }[]
    >(
      `SELECT request_hash, status, response, expires_at < now() AS expired, locked_until < now() AS abandoned,
              payment_transaction_id
         FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
      [id.tenantId, id.scope, id.key],
    );
    if (!existing) return this.claim(id, fingerprint); // deleted meanwhile by the cleanup: claim afresh
    if (existing.expired) {
      await this.forget(id);
      return this.claim(id, fingerprint);
    }
    if (existing.request_hash !== fingerprint) return { kind: 'reused' };
    if (existing.status === 'COMPLETED') return { kind: 'replay', reply: existing.response };
    if (!existing.abandoned || !(await this.takeOver(id, fingerprint))) return { kind: 'in_progress' };
    const interrupted = existing.payment_transaction_id;
    return interrupted === null ? { kind: 'claimed' } : { kind: 'claimed', paymentTransactionId: interrupted };
  }

  /**
   * The claim of a key as a part of another statement (a data-modifying CTE's body, `RETURNING 1` when it claimed):
   * inserted only when `condition` holds and the key is free, naming the payment (`paymentIdParam`) its request
   * creates. A key that exists is left alone: the caller then claims it with `claim`, which sorts out replays, reuse
   * and abandoned runs. Its values are appended to `params`.
   */
  claimStatement(
    id: IdempotencyScope,
    fingerprint: string,
    paymentIdParam: string,
    params: unknown[],
    condition: string,
  ): string {
    params.push(
      id.tenantId,
      id.scope,
      id.key,
      fingerprint,
      seconds(this.settings.lockMs),
      seconds(this.settings.ttlMs),
    );
    const [tenant, scope, key, hash, lock, ttl] = [6, 5, 4, 3, 2, 1].map((back) => `$${params.length - back + 1}`);
    return `INSERT INTO idempotency_keys
              (tenant_id, scope, key, request_hash, status, locked_until, expires_at, payment_transaction_id)
            SELECT ${tenant}::uuid, ${scope}, ${key}, ${hash}, 'IN_PROGRESS', now() + make_interval(secs => ${lock}),
                   now() + make_interval(secs => ${ttl}), ${paymentIdParam}::uuid
             WHERE ${condition}
            ON CONFLICT (tenant_id, scope, key) DO NOTHING
            RETURNING 1`;
  }

  /**
   * `complete` as a part of another statement (a data-modifying CTE's body), applied only when `condition` holds:
   * the reply commits with the change it reports. Its values are appended to `params`.
   */
  completionStatement(id: IdempotencyScope, reply: unknown, params: unknown[], condition: string): string {
    params.push(id.tenantId, id.scope, id.key, JSON.stringify(reply));
    const [tenant, scope, key, response] = [4, 3, 2, 1].map((back) => `$${params.length - back + 1}`);
    return `UPDATE idempotency_keys
               SET status = 'COMPLETED', response = ${response}::jsonb, completed_at = now(), locked_until = NULL
             WHERE tenant_id = ${tenant}::uuid AND scope = ${scope} AND key = ${key} AND ${condition}
            RETURNING 1`;
  }

  /** Stores the first execution's reply, to be replayed to every later duplicate. */
  async complete(id: IdempotencyScope, reply: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status = 'COMPLETED', response = $4::jsonb, completed_at = now(), locked_until = NULL
        WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
      [id.tenantId, id.scope, id.key, JSON.stringify(reply)],
    );
  }

  /**
   * Lets go of a claim whose command failed (threw), so a retry runs it again: the key is dropped, unless it names
   * a payment its run created; then its lock ends now, and the retry takes the key over and continues that payment.
   */
  async release(id: IdempotencyScope): Promise<void> {
    await this.dataSource.query(
      `WITH kept AS (
         UPDATE idempotency_keys SET locked_until = now()
          WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND payment_transaction_id IS NOT NULL
         RETURNING 1)
       DELETE FROM idempotency_keys
        WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND payment_transaction_id IS NULL`,
      [id.tenantId, id.scope, id.key],
    );
  }

  /** Drops a key, whatever it holds (an expired one, before claiming it afresh). */
  async forget(id: IdempotencyScope): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3`, [
      id.tenantId,
      id.scope,
      id.key,
    ]);
  }

  /** Deletes expired keys, a batch at a time; returns how many went. */
  async deleteExpired(batch = 5_000): Promise<number> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH gone AS (
         DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT $1)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return (rows[0] as { n: number } | undefined)?.n ?? 0;
  }

  private async takeOver(id: IdempotencyScope, fingerprint: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH taken AS (
         UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $5)
          WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND request_hash = $4
            AND status = 'IN_PROGRESS' AND locked_until < now()
         RETURNING 1)
       SELECT 1 FROM taken`,
      [id.tenantId, id.scope, id.key, fingerprint, seconds(this.settings.lockMs)],
    );
    return rows.length > 0;
  }
}
