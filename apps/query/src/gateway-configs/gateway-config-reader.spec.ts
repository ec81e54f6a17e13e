import { maskMerchantId } from './gateway-config-reader';

describe('maskMerchantId', () => {
  it('keeps a hint of the merchant id, never all of it', () => {
    expect(maskMerchantId('PPMTESTO1')).toBe('PPM***O1');
    expect(maskMerchantId('MOMO1A2B3C4D')).toBe('MOM***4D');
    expect(maskMerchantId('2553')).toBe('2***');
    expect(maskMerchantId('12')).toBe('***');
  });
});
