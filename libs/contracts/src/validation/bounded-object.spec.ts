import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AddGatewayConfigRequest } from '../commands/add-gateway-config.request';
import { ProcessPaymentRequest } from '../commands/process-payment.request';

const payment = {
  sourceBoundedContext: 'orders',
  sourceTransactionId: 'ORD-1',
  amount: 150_000,
  currency: 'VND',
  paymentMethodType: 'E_WALLET',
  description: 'Order',
  returnUrl: 'https://shop.example/return',
};

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 1; i < levels; i += 1) value = { next: value };
  return value;
};

const problemsOf = <T extends object>(type: new () => T, body: object): string[] =>
  validateSync(plainToInstance(type, body)).map((error) => error.property);

describe('free-form objects are bounded', () => {
  it('accepts metadata of a few levels and refuses one nested 1,000 deep or larger than 8 KB', () => {
    expect(problemsOf(ProcessPaymentRequest, { ...payment, metadata: nested(5) })).toEqual([]);
    expect(problemsOf(ProcessPaymentRequest, { ...payment, metadata: nested(6) })).toEqual(['metadata']);
    expect(problemsOf(ProcessPaymentRequest, { ...payment, metadata: nested(1_000) })).toEqual(['metadata']);
    expect(problemsOf(ProcessPaymentRequest, { ...payment, metadata: { note: 'x'.repeat(9_000) } })).toEqual([
      'metadata',
    ]);
    expect(problemsOf(ProcessPaymentRequest, { ...payment, metadata: ['not', 'an', 'object'] })).toEqual(['metadata']);
  });

  it('accepts credentials as one flat level of strings only', () => {
    const config = { gatewayType: 'MOMO', name: 'MoMo', supportedPaymentMethods: ['E_WALLET'] };
    const keys = { partnerCode: 'P', accessKey: 'A', secretKey: 'S' };
    expect(problemsOf(AddGatewayConfigRequest, { ...config, credentials: keys })).toEqual([]);
    expect(problemsOf(AddGatewayConfigRequest, { ...config, credentials: { ...keys, nested: { a: 'b' } } })).toEqual([
      'credentials',
    ]);
    expect(problemsOf(AddGatewayConfigRequest, { ...config, credentials: { ...keys, port: 443 } })).toEqual([
      'credentials',
    ]);
    expect(problemsOf(AddGatewayConfigRequest, { ...config, credentials: { secretKey: 'x'.repeat(5_000) } })).toEqual([
      'credentials',
    ]);
  });
});
