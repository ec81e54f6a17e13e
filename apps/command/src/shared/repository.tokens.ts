/** Injection token of the PaymentTransactionRepository port. */
export const PAYMENT_TRANSACTIONS = Symbol('PaymentTransactionRepository');

/** Injection token of the GatewayConfigurationRepository port. */
export const GATEWAY_CONFIGURATIONS = Symbol('GatewayConfigurationRepository');
