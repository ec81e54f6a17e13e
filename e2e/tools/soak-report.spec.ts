import { judge } from './soak-report';

const everyMinute = (values: number[]) => values.map((value, i) => ({ atMs: i * 60_000, value }));

describe('judge', () => {
  it("calls a series growing when its slope passes its kind's bound, after the warm-up", () => {
    const series = new Map([
      ['command rss MiB', everyMinute([100, 300, 110, 115, 120, 125])],
      ['worker open fds', everyMinute([40, 40, 41, 40, 40, 41])],
    ]);

    const verdicts = judge(series, 120_000);

    expect(verdicts).toEqual([
      expect.objectContaining({ series: 'command rss MiB', first: 110, last: 125, bound: 4, growing: true }),
      expect.objectContaining({ series: 'worker open fds', growing: false }),
    ]);
  });

  it('skips samples that failed to read', () => {
    const [verdict] = judge(new Map([['outbox backlog', everyMinute([Number.NaN, 0, 0, 0])]]), 0);

    expect(verdict).toMatchObject({ first: 0, last: 0, max: 0, growing: false });
  });
});
