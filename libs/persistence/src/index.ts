export * from './database.module';
export * from './outbox/outbox-record';
export * from './outbox/outbox-writer';
