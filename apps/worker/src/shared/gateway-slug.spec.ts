import { gatewayOfSlug } from './gateway-slug';

describe('gatewayOfSlug', () => {
  it('names the three gateways, in any case', () => {
    expect(['vnpay', 'MoMo', 'ZALOPAY'].map(gatewayOfSlug)).toEqual(['VNPAY', 'MOMO', 'ZALOPAY']);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '', 'paypal'])(
    'names no gateway for %p (answered 404)',
    (slug) => {
      expect(gatewayOfSlug(slug)).toBeNull();
    },
  );
});
