import { judge } from './soak-report';

const everyMinute = (values: number[]) => values.map((value, i) => ({ atMs: i * 60_000, value }));
const everyHalfMinute = (values: number[]) => values.map((value, i) => ({ atMs: i * 30_000, value }));

describe('judge', () => {
  it("calls a series growing when its slope passes its kind's bound, after the warm-up", () => {
    const series = new Map([
      ['command rss MiB', everyMinute([100, 300, 110, 115, 120, 125])],
      ['worker open fds', everyMinute([40, 40, 41, 40, 40, 41])],
    ]);

    const verdicts = judge(series, { warmUpMs: 120_000, faultsAtMs: [] });

    expect(verdicts).toEqual([
      expect.objectContaining({ series: 'command rss MiB', first: 110, last: 125, bound: 4, growing: true }),
      expect.objectContaining({ series: 'worker open fds', growing: false }),
    ]);
  });

  it('skips samples that failed to read', () => {
    const [verdict] = judge(new Map([['outbox backlog', everyMinute([Number.NaN, 0, 0, 0])]]), {
      warmUpMs: 0,
      faultsAtMs: [],
    });

    expect(verdict).toMatchObject({ first: 0, last: 0, max: 0, growing: false });
  });

  it('calls a series unread when most of its reads after the warm-up failed (its process gone)', () => {
    const verdicts = judge(
      new Map([
        ['command open fds', everyMinute([28, 30, Number.NaN, Number.NaN, Number.NaN])],
        ['db connections', everyMinute([18, 39, Number.NaN, 39, 39])],
      ]),
      { warmUpMs: 60_000, faultsAtMs: [] },
    );

    expect(verdicts.map((v) => v.unread)).toEqual([true, false]);
  });

  it('does not call a heap that collects at a fault and grows back to where it was growing', () => {
    // A major collection at the fault of minute 3, the heap back at its level two minutes later: a least-squares
    // line through the samples rises 4.7 MiB a minute, but the cycles' ceilings stay where they were.
    const heap = everyHalfMinute([
      100, 110, 120, 120, 120, 120, 40, 60, 80, 100, 120, 121, 120, 122, 121, 120, 122, 121,
    ]);

    const [verdict] = judge(new Map([['command heap MiB', heap]]), {
      warmUpMs: 120_000,
      faultsAtMs: [180_000, 360_000, 540_000],
    });

    expect(verdict).toMatchObject({ growing: false });
  });

  it('does not call a pool that fills at each fault and closes its idle connections a leak', () => {
    const fds = everyHalfMinute([30, 30, 30, 30, 30, 30, 45, 45, 45, 30, 30, 30, 45, 45, 45, 30, 30, 30, 30, 30]);

    const [verdict] = judge(new Map([['worker open fds', fds]]), {
      warmUpMs: 60_000,
      faultsAtMs: [180_000, 360_000, 540_000],
    });

    expect(verdict).toMatchObject({ growing: false });
  });

  it('does not call a pool that stays full for a few cycles and is back where it was at the end a leak', () => {
    // The worker's fds of a trial with faults a minute apart: an outage's connections close only after they idled
    // longer than a cycle. The floors' least-squares slope is 1.3 a minute, yet the run ends where it began.
    const fds = everyHalfMinute([32, 48, 47, 34, 34, 33, 37, 86, 88, 77, 76, 51, 42, 44, 41, 40, 34]);

    const [verdict] = judge(new Map([['worker open fds', fds]]), {
      warmUpMs: 90_000,
      faultsAtMs: [54_000, 113_000, 172_000, 251_000, 310_000, 371_000],
    });

    expect(verdict).toMatchObject({ growing: false });
  });

  it('calls a series that steps up at every fault and stays there growing', () => {
    const fds = everyHalfMinute([30, 30, 30, 30, 30, 30, 44, 34, 34, 34, 34, 34, 48, 38, 38, 38, 38, 38, 52, 42, 42]);

    const [verdict] = judge(new Map([['worker open fds', fds]]), {
      warmUpMs: 60_000,
      faultsAtMs: [180_000, 360_000, 540_000],
    });

    expect(verdict).toMatchObject({ growing: true });
    expect(verdict?.slope).toBeCloseTo(4 / 3, 0);
  });
});
