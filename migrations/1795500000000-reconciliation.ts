import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndexConcurrently } from './create-index-concurrently';

// Indexes on tables payments keep being written to are built CONCURRENTLY (hence `transaction = false`); an
// earlier build that failed half-way left an invalid index, dropped before trying again.
const CONCURRENT_INDEXES: readonly [name: string, definition: string][] = [
  // The PPM side of a day: a configuration's captured payments by completion time (GMT+7 day bounds).
  [
    'ix_payment_transactions_gateway_completed',
    `payment_transactions (payment_gateway_id, completed_at)
       WHERE status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`,
  ],
  // Refund lines carry the gateway's refund id.
  ['ix_refunds_gateway_refund_id', `refunds (gateway_refund_id) WHERE gateway_refund_id IS NOT NULL`],
  // The PPM side of a day's refunds.
  ['ix_refunds_refund_date_succeeded', `refunds (refund_date) WHERE status = 'SUCCEEDED'`],
];

/**
 * What the reconciliation run records beyond the initial schema: net and per-outcome totals, lines the parser
 * could not read (count and the first ones with their line numbers) and the run's duration; per item the kind of
 * line (payment or refund) and when the gateway settled it. At most one current (COMPLETED) run per configuration
 * and day: a re-run supersedes it in the same transaction. Keyset indexes serve `reconciliation.list` and `.get`.
 */
export class Reconciliation1795500000000 implements MigrationInterface {
  name = 'Reconciliation1795500000000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reconciliation_runs
        ADD COLUMN IF NOT EXISTS net_total bigint NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS outcome_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN IF NOT EXISTS rejected_lines integer NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS rejections jsonb NULL,
        ADD COLUMN IF NOT EXISTS duration_ms integer NULL
    `);
    await queryRunner.query(`
      ALTER TABLE reconciliation_items
        ADD COLUMN IF NOT EXISTS line_type text NULL,
        ADD COLUMN IF NOT EXISTS settled_at timestamptz NULL
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX IF NOT EXISTS uq_reconciliation_runs_current
        ON reconciliation_runs (payment_gateway_id, business_date) WHERE status = 'COMPLETED'
    `);
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS ix_reconciliation_runs_tenant_list
        ON reconciliation_runs (tenant_id, business_date DESC, started_at DESC, id DESC)
    `);
    // Mismatches first, then by line number (PPM-only items last), then id: the order `reconciliation.get` pages in.
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS ix_reconciliation_items_run_order
        ON reconciliation_items (run_id, (outcome = 'MATCHED'), (COALESCE(line_number, 2147483647)), id)
    `);
    for (const [name, definition] of CONCURRENT_INDEXES) await createIndexConcurrently(queryRunner, name, definition);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of CONCURRENT_INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS ${name}`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_reconciliation_items_run_order`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_reconciliation_runs_tenant_list`);
    await queryRunner.query(`DROP INDEX IF EXISTS uq_reconciliation_runs_current`);
    await queryRunner.query(`
      ALTER TABLE reconciliation_items DROP COLUMN IF EXISTS settled_at, DROP COLUMN IF EXISTS line_type
    `);
    await queryRunner.query(`
      ALTER TABLE reconciliation_runs
        DROP COLUMN IF EXISTS duration_ms, DROP COLUMN IF EXISTS rejections, DROP COLUMN IF EXISTS rejected_lines,
        DROP COLUMN IF EXISTS outcome_counts, DROP COLUMN IF EXISTS net_total
    `);
  }
}
