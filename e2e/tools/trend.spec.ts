import { bandsPerCycle, slopePerMinute } from './trend';

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

describe('bandsPerCycle', () => {
  it("is each cycle's lowest and highest finite sample, the cycles cut where the faults began", () => {
    const bands = bandsPerCycle(minutes([9, 7, 30, Number.NaN, 8, 31, 20, 10]), [120_000, 300_000]);

    expect(bands).toEqual([
      { floor: { atMs: 60_000, value: 7 }, ceiling: { atMs: 0, value: 9 } },
      { floor: { atMs: 240_000, value: 8 }, ceiling: { atMs: 120_000, value: 30 } },
      { floor: { atMs: 420_000, value: 10 }, ceiling: { atMs: 300_000, value: 31 } },
    ]);
  });

  it('leaves out a cycle whose every read failed', () => {
    const bands = bandsPerCycle(minutes([5, Number.NaN, 6]), [60_000, 120_000]);

    expect(bands.map((band) => band.floor.value)).toEqual([5, 6]);
  });
});
