import { settlementFee, toCsv } from './settlement-csv';

describe('settlement CSV', () => {
  it('charges 1.1 % rounded down to the VND', () => {
    expect(settlementFee(150_000)).toBe(1_650);
    expect(settlementFee(123_456)).toBe(1_358);
    expect(settlementFee(90)).toBe(0);
    expect(settlementFee(50_000_000)).toBe(550_000);
  });

  it('writes the header then the lines in time order, quoting only cells that need it', () => {
    const csv = toCsv(
      ['id', 'note'],
      [
        { at: new Date(2_000), cells: ['b', 'say "hi", then go'] },
        { at: new Date(1_000), cells: ['a', 42] },
      ],
    );
    expect(csv).toBe('id,note\na,42\nb,"say ""hi"", then go"\n');
  });
});
