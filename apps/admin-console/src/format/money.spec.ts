import { formatMoney, majorAmountText, minorDigitsOf, parseMajorAmount } from './money';

const NBSP = '\u00a0';

describe('money in the console', () => {
  it('writes dong as Vietnamese do, by the currency’s minor units', () => {
    expect(formatMoney(150_000, 'VND', 'vi')).toBe(`150.000${NBSP}₫`);
    expect(formatMoney(150_000, 'VND', 'en')).toBe('₫150,000');
    expect(formatMoney(1_250, 'USD', 'en')).toBe('$12.50');
    expect(minorDigitsOf('VND')).toBe(0);
    expect(minorDigitsOf('USD')).toBe(2);
  });

  it('reads a typed amount into minor units, refusing more decimals than the currency has', () => {
    expect(parseMajorAmount('50000', 'VND')).toBe(50_000);
    expect(parseMajorAmount('50.000', 'VND')).toBe(50_000);
    expect(parseMajorAmount('12.50', 'USD')).toBe(1_250);
    expect(parseMajorAmount('1,012.5', 'USD')).toBe(101_250);
    expect(parseMajorAmount('12.505', 'USD')).toBeUndefined();
    expect(parseMajorAmount('-5', 'VND')).toBeUndefined();
    expect(parseMajorAmount('abc', 'VND')).toBeUndefined();
    expect(majorAmountText(100_000, 'VND')).toBe('100000');
    expect(majorAmountText(1_250, 'USD')).toBe('12.50');
  });
});
