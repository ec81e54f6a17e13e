export * from './test-infra';
export * from './isolated-database';
export * from './running-service';
export * from './prometheus-text';
