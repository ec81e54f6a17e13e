import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payment a stored gateway callback names, once it was verified against it: operators follow a callback to its
 * payment from the admin API's IPN list. Older rows keep none (the callback's reference still names it). Nullable
 * without a default, so adding it rewrites nothing.
 */
export class WebhookEventPayment1796000300000 implements MigrationInterface {
  name = 'WebhookEventPayment1796000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_events ADD COLUMN payment_transaction_id uuid NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_events DROP COLUMN payment_transaction_id`);
  }
}
