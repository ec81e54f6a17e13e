import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndexConcurrently } from './create-index-concurrently';

/**
 * The relay parks an event nobody can receive (no queue bound to its type) as status FAILED after its retries, so it
 * stops taking the relay's batches. The index the relay's claim walks then holds only the events still to publish:
 * parked ones, however many, cost the claim nothing. Built CONCURRENTLY beside the old one, which goes after.
 */
export class OutboxParkedEvents1796000050000 implements MigrationInterface {
  name = 'OutboxParkedEvents1796000050000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await createIndexConcurrently(
      queryRunner,
      'ix_outbox_events_pending',
      `outbox_events (created_at, position) WHERE sent_at IS NULL AND status = 'PENDING'`,
    );
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_outbox_events_unsent`);
    await queryRunner.query(
      `COMMENT ON COLUMN outbox_events.status IS 'PENDING: to publish; SENT: confirmed; FAILED: parked as unroutable, requeued by an operator.'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS ix_outbox_events_unsent ON outbox_events (created_at, position) WHERE sent_at IS NULL`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS ix_outbox_events_pending`);
    await queryRunner.query(`COMMENT ON COLUMN outbox_events.status IS NULL`);
  }
}
