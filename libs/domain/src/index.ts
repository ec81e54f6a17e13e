export * from './shared/domain-error';
export * from './shared/result';
export * from './money/currency';
export * from './money/money.value-object';
