import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndexConcurrently } from './create-index-concurrently';

/**
 * Support's searches ("the customer says order ORD-1001 was charged"): the transaction list filtered by the caller's
 * order id, the reference PPM sent the gateway, the gateway's transaction number or the user who started the
 * payment. The existing indexes on these columns are not led by tenant_id (or need the configuration), so a
 * tenant's search would walk its whole history; each of these finds the few rows directly. The initiator's index
 * keeps the list's (created_at, id) order, since one user may start many payments. Built CONCURRENTLY, as payments
 * are written meanwhile.
 */
const INDEXES: readonly (readonly [name: string, on: string])[] = [
  ['ix_payment_transactions_tenant_source_txn', 'payment_transactions (tenant_id, source_transaction_id)'],
  [
    'ix_payment_transactions_tenant_gateway_ref',
    'payment_transactions (tenant_id, gateway_reference) WHERE gateway_reference IS NOT NULL',
  ],
  [
    'ix_payment_transactions_tenant_gateway_txn',
    'payment_transactions (tenant_id, gateway_transaction_id) WHERE gateway_transaction_id IS NOT NULL',
  ],
  [
    'ix_payment_transactions_tenant_initiator',
    'payment_transactions (tenant_id, initiated_by_user_id, created_at DESC, id DESC) WHERE initiated_by_user_id IS NOT NULL',
  ],
];

export class TransactionSearchIndexes1795808000000 implements MigrationInterface {
  name = 'TransactionSearchIndexes1795808000000';
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, on] of INDEXES) await createIndexConcurrently(queryRunner, name, on);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
