import { GATEWAY_TYPES } from '@ppm/domain';
import { gatewayCapabilities, paymentRefusal, refundRefusal } from './gateway-capabilities';

describe('gateway capabilities', () => {
  it.each(GATEWAY_TYPES)('%s takes and reports VND only', (gatewayType) => {
    expect(gatewayCapabilities(gatewayType)).toMatchObject({ currencies: ['VND'], reportsIn: 'VND' });
    const { paymentMethods, refunds } = gatewayCapabilities(gatewayType);
    const manual = refunds === 'manual';
    expect(paymentRefusal(gatewayType, 'VND', 150_000n, paymentMethods[0])).toBeNull();
    for (const foreign of ['USD', 'EUR', 'JPY']) {
      expect(paymentRefusal(gatewayType, foreign, 150_000n, paymentMethods[0])).toBe('UNSUPPORTED_CURRENCY');
      expect(refundRefusal(gatewayType, foreign, 1_000n, 150_000n, manual)).toBe('UNSUPPORTED_CURRENCY');
    }
    expect(refundRefusal(gatewayType, 'VND', 1_000n, 150_000n, manual)).toBeNull();
  });

  it('takes VietQR payments by QR only, up to a NAPAS 247 transfer, and refunds them only as manual transfers', () => {
    expect(paymentRefusal('VIETQR', 'VND', 150_000n, 'E_WALLET')).toBe('UNSUPPORTED_PAYMENT_METHOD');
    expect(paymentRefusal('VIETQR', 'VND', 499_999_999n, 'QR_CODE')).toBeNull();
    expect(paymentRefusal('VIETQR', 'VND', 500_000_000n, 'QR_CODE')).toBe('AMOUNT_OUT_OF_RANGE');
    expect(refundRefusal('VIETQR', 'VND', 1_000n, 150_000n)).toBe('MANUAL_REFUND_REQUIRED');
    expect(refundRefusal('VIETQR', 'VND', 1_000n, 150_000n, true)).toBeNull();
    expect(refundRefusal('MOMO', 'VND', 1_000n, 150_000n, true)).toBe('MANUAL_REFUND_UNSUPPORTED');
  });

  it('refuses a method the gateway has no way to take (MoMo has no bank transfer)', () => {
    expect(paymentRefusal('MOMO', 'VND', 150_000n, 'BANK_TRANSFER')).toBe('UNSUPPORTED_PAYMENT_METHOD');
    expect(paymentRefusal('VNPAY', 'VND', 150_000n, 'BANK_TRANSFER')).toBeNull();
  });

  it.each([
    ['MOMO', 999n, 'AMOUNT_OUT_OF_RANGE'],
    ['MOMO', 1_000n, null],
    ['MOMO', 50_000_000n, null],
    ['MOMO', 50_000_001n, 'AMOUNT_OUT_OF_RANGE'],
    ['VNPAY', 4_999n, 'AMOUNT_OUT_OF_RANGE'],
    ['VNPAY', 5_000n, null],
    ['VNPAY', 999_999_999n, null],
    ['VNPAY', 1_000_000_000n, 'AMOUNT_OUT_OF_RANGE'],
    ['ZALOPAY', 1n, null],
  ] as const)('%s: a payment of %s VND is %s', (gatewayType, amount, refusal) => {
    expect(paymentRefusal(gatewayType, 'VND', amount, 'E_WALLET')).toBe(refusal);
  });

  it.each(GATEWAY_TYPES)('%s refunds part of a payment', (gatewayType) => {
    expect(gatewayCapabilities(gatewayType).partialRefunds).toBe(true);
  });
});
