export * from './shared/domain-error';
export * from './shared/result';
export * from './money/currency';
export * from './money/money.value-object';

export * from './shared/apply-outcome';
export * from './shared/domain-error-codes';
export * from './shared/domain-event';
export * from './shared/domain.errors';
export * from './domain-events';

export * from './payment/payment-method';
export * from './payment/payment-status';
export * from './payment/payment-attempt.entity';
export type { PaymentSource, PaymentTransactionSnapshot } from './payment/payment.snapshot';
export * from './payment/payment.events';
export * from './payment/payment.errors';
export * from './payment/payment-transaction.inputs';
export * from './payment/payment-transaction.aggregate';

export * from './refund/refund-status';
export * from './refund/refund.entity';

export * from './gateway-configuration/gateway-type';
export * from './gateway-configuration/gateway-credentials';
export * from './gateway-configuration/gateway-configuration.errors';
export * from './gateway-configuration/gateway-configuration.events';
export * from './gateway-configuration/gateway-configuration.rules';
export * from './gateway-configuration/gateway-configuration.aggregate';

export * from './ports/event-context';
export * from './ports/payment-reader';
export * from './ports/payment-transaction.repository';
export * from './ports/gateway-configuration-reader';
export * from './ports/gateway-configuration.repository';

export * from './merchant-webhook/webhook-delivery-status';
export * from './merchant-webhook/webhook-retry-schedule';
export * from './risk/ip-range.value-object';
export * from './risk/sliding-window';
export * from './risk/risk-rule';
export * from './risk/risk-rules.parser';
export * from './risk/risk-rule-set';
export * from './risk/risk-decision';
export * from './risk/risk-payment-facts';
export * from './risk/risk-counters';
export * from './risk/risk-engine';
export * from './risk/risk-rules.events';
export * from './risk/risk-decision.events';
export * from './ports/risk-rule-set.repository';
export * from './shared/ascii-fold';
export * from './vietqr/emv-crc';
export * from './vietqr/vietqr-payload';
export * from './vietqr/vietqr-payment-code';
export * from './ports/risk-decision.repository';
