import { DomainError } from '@ppm/domain';
import { gatewayCapabilities, type CapabilityRefusal, type GatewayType, type RefundRefusal } from '@ppm/gateways';

/** Why the payment's gateway cannot take a payment or refund, as a refusal with the contract's code. */
export function capabilityRefusalError(
  refusal: CapabilityRefusal | RefundRefusal,
  gatewayType: GatewayType,
  request: { currency: string; paymentMethod?: string },
): DomainError {
  const capabilities = gatewayCapabilities(gatewayType);
  switch (refusal) {
    case 'UNSUPPORTED_CURRENCY':
      return new DomainError('UNSUPPORTED_CURRENCY', `${gatewayType} does not take ${request.currency}`, {
        gatewayType,
        currency: request.currency,
        supportedCurrencies: capabilities.currencies,
      });
    case 'UNSUPPORTED_PAYMENT_METHOD':
      return new DomainError('UNSUPPORTED_PAYMENT_METHOD', `${gatewayType} does not take ${request.paymentMethod}`, {
        gatewayType,
        paymentMethod: request.paymentMethod,
        supportedPaymentMethods: capabilities.paymentMethods,
      });
    case 'AMOUNT_OUT_OF_RANGE':
      return new DomainError('INVALID_AMOUNT', `${gatewayType} takes payments within its amount limits`, {
        gatewayType,
        minAmount: Number(capabilities.amountLimits.min),
        maxAmount: Number(capabilities.amountLimits.max),
      });
    case 'PARTIAL_REFUND_UNSUPPORTED':
      return new DomainError('INVALID_AMOUNT', `${gatewayType} refunds only the full amount`, { gatewayType });
    case 'MANUAL_REFUND_REQUIRED':
      return new DomainError(
        'MANUAL_REFUND_REQUIRED',
        `${gatewayType} has no refund API: pay the customer back by bank transfer, then record it with manual: true`,
        { gatewayType },
      );
    case 'MANUAL_REFUND_UNSUPPORTED':
      return new DomainError('VALIDATION_ERROR', `${gatewayType} refunds through its own API; manual is for VIETQR`, {
        gatewayType,
        field: 'manual',
      });
  }
}
