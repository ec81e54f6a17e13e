export * from './database.module';
export * from './outbox/outbox-record';
export * from './outbox/outbox-writer';
export * from './secrets/encrypted-secret';
export * from './secrets/credential-cipher';
export * from './idempotency/request-fingerprint';
export * from './idempotency/idempotency-store';
