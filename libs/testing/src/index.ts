export * from './test-infra';
export * from './isolated-database';
export * from './running-service';
export * from './prometheus-text';
export * from './app-process';
export * from './sandbox-control';
export * from './private-rabbitmq';
export * from './private-redis';
