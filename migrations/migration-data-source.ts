import { DataSource } from 'typeorm';
import { InitialSchema1732320000000 } from './1732320000000-initial-schema';
import { QueryIndexes1795462400000 } from './1795462400000-query-indexes';
import { Reconciliation1795500000000 } from './1795500000000-reconciliation';
import { QuietOutboxNotify1795500000001 } from './1795500000001-quiet-outbox-notify';
import { PaymentOrigin1795548800000 } from './1795548800000-payment-origin';
import { ReconciliationItemsByPayment1795635200000 } from './1795635200000-reconciliation-items-by-payment';
import { IdempotencyKeyNamesPayment1795721600000 } from './1795721600000-idempotency-key-names-payment';
import { TransactionSearchIndexes1795808000000 } from './1795808000000-transaction-search-indexes';
import { MerchantWebhooks1795894400000 } from './1795894400000-merchant-webhooks';
import { RiskRuleSetsAndWhoPays1795900000000 } from './1795900000000-risk-rule-sets-and-who-pays';
import { RiskDecisionsAndReview1796000000000 } from './1796000000000-risk-decisions-and-review';
import { OutboxParkedEvents1796000050000 } from './1796000050000-outbox-parked-events';
import { VietqrGateway1796000100000 } from './1796000100000-vietqr-gateway';
import { MerchantWebhookCallbacksAndRetention1796000200000 } from './1796000200000-merchant-webhook-callbacks-and-retention';
import { WebhookEventPayment1796000300000 } from './1796000300000-webhook-event-payment';

/** PPM migrations in the order they run; append new ones at the end, never reorder. */
export const ppmMigrations = [
  InitialSchema1732320000000,
  QueryIndexes1795462400000,
  Reconciliation1795500000000,
  QuietOutboxNotify1795500000001,
  PaymentOrigin1795548800000,
  ReconciliationItemsByPayment1795635200000,
  IdempotencyKeyNamesPayment1795721600000,
  TransactionSearchIndexes1795808000000,
  MerchantWebhooks1795894400000,
  RiskRuleSetsAndWhoPays1795900000000,
  RiskDecisionsAndReview1796000000000,
  OutboxParkedEvents1796000050000,
  VietqrGateway1796000100000,
  MerchantWebhookCallbacksAndRetention1796000200000,
  WebhookEventPayment1796000300000,
];

/** A DataSource that only runs PPM's migrations (history in `ppm_migrations`), each in its own transaction. */
export function createMigrationDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    applicationName: 'ppm-migrate',
    migrations: ppmMigrations,
    migrationsTableName: 'ppm_migrations',
    migrationsTransactionMode: 'each',
    logging: false,
  });
}

/** Applies every pending migration to the database at `url`. */
export async function migrateDatabase(url: string): Promise<void> {
  const dataSource = createMigrationDataSource(url);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
