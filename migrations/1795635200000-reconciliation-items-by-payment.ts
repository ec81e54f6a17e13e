import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndexConcurrently } from './create-index-concurrently';

const INDEX = 'ix_reconciliation_items_payment';

/**
 * Reconciliation items by payment: a day's run looks up whether another day's run already matched a payment to a
 * settlement line (a late capture completed after midnight is not missing from the next day's file). Built
 * CONCURRENTLY, as items are written by every run.
 */
export class ReconciliationItemsByPayment1795635200000 implements MigrationInterface {
  name = 'ReconciliationItemsByPayment1795635200000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await createIndexConcurrently(
      queryRunner,
      INDEX,
      'reconciliation_items (payment_transaction_id) WHERE payment_transaction_id IS NOT NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ${INDEX}`);
  }
}
