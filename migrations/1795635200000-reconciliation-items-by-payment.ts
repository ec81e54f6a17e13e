import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEX = 'ix_reconciliation_items_payment';

/**
 * Reconciliation items by payment: a day's run looks up whether another day's run already matched a payment to a
 * settlement line (a late capture completed after midnight is not missing from the next day's file). Built
 * CONCURRENTLY, as items are written by every run; an earlier build that failed half-way is dropped first.
 */
export class ReconciliationItemsByPayment1795635200000 implements MigrationInterface {
  name = 'ReconciliationItemsByPayment1795635200000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    const invalid = (await queryRunner.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND NOT i.indisvalid`,
      [INDEX],
    )) as unknown[];
    if (invalid.length > 0) await queryRunner.query(`DROP INDEX CONCURRENTLY ${INDEX}`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${INDEX}
         ON reconciliation_items (payment_transaction_id) WHERE payment_transaction_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ${INDEX}`);
  }
}
