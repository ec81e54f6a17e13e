import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The request that created a payment: its idempotency key and the fingerprint of its body. A `payment.process`
 * retried with the same key after the first execution crashed (payment committed, reply never stored) finds the
 * payment it created by these and continues it, instead of refusing its own source as taken. Nullable, no default,
 * no index (read only on the row found by its source): adding them rewrites nothing and old rows read as "created
 * without a key".
 */
export class PaymentOrigin1795548800000 implements MigrationInterface {
  name = 'PaymentOrigin1795548800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE payment_transactions ADD COLUMN IF NOT EXISTS idempotency_key text,
                                        ADD COLUMN IF NOT EXISTS request_fingerprint text`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE payment_transactions DROP COLUMN IF EXISTS request_fingerprint, DROP COLUMN IF EXISTS idempotency_key`,
    );
  }
}
