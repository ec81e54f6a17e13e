/** Injection token of the GatewayConfigurationRepository port. */
export const GATEWAY_CONFIGURATIONS = Symbol('GatewayConfigurationRepository');

/** Injection token of the PaymentTransactionRepository port (the worker only reads payments through it). */
export const PAYMENT_TRANSACTIONS = Symbol('PaymentTransactionRepository');
