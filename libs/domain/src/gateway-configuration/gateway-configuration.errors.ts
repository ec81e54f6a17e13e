import { DomainError } from '../shared/domain-error';
import { DomainErrorCode } from '../shared/domain-error-codes';

/** The configuration was switched off by an operator; no new payment may use it. */
export function gatewayInactive(configurationId: string): DomainError {
  return new DomainError(DomainErrorCode.GATEWAY_INACTIVE, 'The gateway configuration is not active', {
    configurationId,
  });
}

/** A payment method PPM doesn't know, or one this configuration doesn't offer. */
export function unsupportedPaymentMethod(paymentMethod: string, configurationId?: string): DomainError {
  return new DomainError(
    DomainErrorCode.UNSUPPORTED_PAYMENT_METHOD,
    configurationId === undefined
      ? `Payment method ${paymentMethod} is not supported`
      : `Payment method ${paymentMethod} is not supported by this gateway configuration`,
    configurationId === undefined ? { paymentMethod } : { paymentMethod, configurationId },
  );
}
