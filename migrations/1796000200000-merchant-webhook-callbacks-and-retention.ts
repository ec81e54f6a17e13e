import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment's own `callbackUrl`, which receives its events as merchant webhooks beside the tenant's endpoints; and
 * the index the retention job prunes delivered deliveries by, so its scan never reads the pending or failed ones.
 */
export class MerchantWebhookCallbacksAndRetention1796000200000 implements MigrationInterface {
  name = 'MerchantWebhookCallbacksAndRetention1796000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payment_transactions ADD COLUMN IF NOT EXISTS callback_url text NULL`);
    // NOT VALID: checked on every write from now on without scanning the table under this migration's lock; every
    // existing row has NULL there, which passes.
    await queryRunner.query(`
      ALTER TABLE payment_transactions
        ADD CONSTRAINT ck_payment_transactions_callback_url CHECK (char_length(callback_url) BETWEEN 1 AND 1000) NOT VALID
    `);
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_delivered ON webhook_deliveries (updated_at)
        WHERE status = 'DELIVERED'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_webhook_deliveries_delivered`);
    await queryRunner.query(
      `ALTER TABLE payment_transactions DROP CONSTRAINT IF EXISTS ck_payment_transactions_callback_url`,
    );
    await queryRunner.query(`ALTER TABLE payment_transactions DROP COLUMN IF EXISTS callback_url`);
  }
}
