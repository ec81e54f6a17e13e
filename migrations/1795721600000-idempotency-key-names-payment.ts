import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A `payment.process` key's record names the payment its run created, so one record both replays the stored reply
 * and lets a retry of an interrupted run continue its payment (which the payment row's own `idempotency_key` and
 * `request_fingerprint` did before). Keys still in progress are pointed at the payments their runs committed, so
 * an interruption from before this migration is continued too. The payment's two columns are no longer written
 * or read; they stay until no running instance reads them. No foreign key: a key outlives neither its tenant nor
 * its retention, and the payment is looked up within the key's tenant.
 */
export class IdempotencyKeyNamesPayment1795721600000 implements MigrationInterface {
  name = 'IdempotencyKeyNamesPayment1795721600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS payment_transaction_id uuid`);
    await queryRunner.query(
      `UPDATE idempotency_keys k SET payment_transaction_id = p.id
         FROM payment_transactions p
        WHERE k.scope = 'ppm.command.payment.process' AND k.status = 'IN_PROGRESS'
          AND p.tenant_id = k.tenant_id AND p.idempotency_key = k.key AND p.request_fingerprint = k.request_hash`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys DROP COLUMN IF EXISTS payment_transaction_id`);
  }
}
