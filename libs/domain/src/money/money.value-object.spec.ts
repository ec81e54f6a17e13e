import fc from 'fast-check';
import { Money } from './money.value-object';

const vnd = (units: bigint): Money => {
  const result = Money.of(units, 'VND');
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('Money', () => {
  it('accepts safe integers and rejects fractions, unsafe integers and unknown currencies', () => {
    expect(Money.of(10_000, 'VND').ok).toBe(true);
    expect(Money.of(10.5, 'USD')).toMatchObject({ ok: false, error: { code: 'INVALID_AMOUNT' } });
    expect(Money.of(Number.MAX_SAFE_INTEGER + 1, 'VND')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_AMOUNT' },
    });
    expect(Money.of('12.00', 'USD')).toMatchObject({ ok: false, error: { code: 'INVALID_AMOUNT' } });
    expect(Money.of(100, 'XXX')).toMatchObject({ ok: false, error: { code: 'INVALID_CURRENCY' } });
  });

  it('refuses to mix currencies', () => {
    const usd = Money.of(100, 'USD');
    if (!usd.ok) throw new Error('setup');
    expect(() => vnd(1n).add(usd.value)).toThrow('Cannot combine VND with USD');
  });

  it('never loses a unit: any split of an amount adds back to it exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 20 }),
        (total, parts) => {
          const taken = parts.reduce((sum, p) => sum.add(vnd(p)), Money.zero('VND'));
          const rest = vnd(total).subtract(taken);
          expect(rest.add(taken).equals(vnd(total))).toBe(true);
        },
      ),
    );
  });

  it('serialises minor units as an exact decimal string', () => {
    expect(JSON.stringify(vnd(9_007_199_254_740_993n))).toBe('{"amount":"9007199254740993","currency":"VND"}');
  });
});
