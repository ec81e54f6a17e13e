import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  'payment_gateway_configurations',
  'payment_transactions',
  'payment_attempts',
  'webhook_events',
  'reconciliation_runs',
] as const;

const checkOf = (types: readonly string[]) => `CHECK (gateway_type IN (${types.map((t) => `'${t}'`).join(', ')}))`;

/**
 * VietQR, a fourth gateway type: every gateway_type column takes it. Its bank-transfer notifications that match no
 * payment, or not its amount, stay in webhook_events for operators; the partial index lists a tenant's newest
 * first without reading the other gateways' webhooks.
 */
export class VietqrGateway1796000100000 implements MigrationInterface {
  name = 'VietqrGateway1796000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.constrain(queryRunner, ['VNPAY', 'MOMO', 'ZALOPAY', 'VIETQR']);
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS ix_webhook_events_vietqr_unsettled
        ON webhook_events (tenant_id, received_at DESC, id DESC)
        WHERE gateway_type = 'VIETQR' AND processing_status = 'REJECTED' AND verification = 'VERIFIED'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_webhook_events_vietqr_unsettled`);
    await this.constrain(queryRunner, ['VNPAY', 'MOMO', 'ZALOPAY']);
  }

  private async constrain(queryRunner: QueryRunner, types: readonly string[]): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ck_${table}_gateway_type, ADD CONSTRAINT ck_${table}_gateway_type ${checkOf(types)}`,
      );
    }
  }
}
