import { slopePerMinute } from './trend';

const minutes = (values: number[]) => values.map((value, i) => ({ atMs: i * 60_000, value }));

describe('slopePerMinute', () => {
  it('is the growth per minute of a series that keeps growing', () => {
    expect(slopePerMinute(minutes([10, 12, 14, 16]))).toBeCloseTo(2);
  });

  it('stays near zero for a flat series with one spike', () => {
    expect(Math.abs(slopePerMinute(minutes([5, 5, 40, 5, 5, 5, 5])))).toBeLessThan(3);
  });

  it('leaves out failed samples and is 0 without two left', () => {
    expect(slopePerMinute(minutes([1, Number.NaN, 3]))).toBeCloseTo(1);
    expect(slopePerMinute(minutes([Number.NaN, 7]))).toBe(0);
  });
});
