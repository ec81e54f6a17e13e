export * from './redis-client';
export * from './redis.module';
export * from './cache-keys';
export * from './single-flight';
export * from './versioned-cache-store';
export * from './cache-aside';
export * from './with-timeout';
export * from './redis-risk-counters';
