export * from './port/gateway-types';
export * from './port/payment-gateway.port';
export * from './port/gateway-call.error';
export * from './shared/hmac';
export * from './shared/gmt7';
export * from './vnpay/vnpay-signer';
export * from './momo/momo-signer';
export * from './zalopay/zalopay-signer';
