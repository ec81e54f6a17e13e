import { bandsPerCycle, slopePerMinute, type Sample } from './trend';

/** How fast a kind of series may grow, per minute, before the soak calls it a leak. */
export const GROWTH_BOUNDS_PER_MINUTE: Readonly<Record<string, number>> = {
  'rss MiB': 4,
  'heap MiB': 2,
  'event-loop p99 ms': 2,
  'open fds': 1,
  'db connections': 1,
  'outbox backlog': 20,
  'queue depth': 20,
};

/** What one series came to over the run. */
export interface SeriesVerdict {
  series: string;
  first: number;
  last: number;
  max: number;
  /** Growth per minute: across the cycles between faults when the run had faults (see `judge`). */
  slope: number;
  bound: number;
  growing: boolean;
  /** Most of its reads after the warm-up failed: its process (or server) was gone, so nothing says it did not grow. */
  unread: boolean;
}

/** The bound of `series` (named "<process> <kind>" or "<kind>"). */
function boundOf(series: string): number {
  const kind = Object.keys(GROWTH_BOUNDS_PER_MINUTE).find((k) => series.endsWith(k));
  return kind === undefined ? Number.POSITIVE_INFINITY : (GROWTH_BOUNDS_PER_MINUTE[kind] ?? Number.POSITIVE_INFINITY);
}

/** When the judged part of a run begins and when each of its faults began. */
export interface RunTimeline {
  /** Start-up fills pools, caches and JIT code, which is not a leak: samples before this are not judged. */
  warmUpMs: number;
  faultsAtMs: readonly number[];
}

/** The growth per minute from `from` to `to`. */
const between = (from: Sample, to: Sample): number =>
  to.atMs === from.atMs ? 0 : ((to.value - from.value) * 60_000) / (to.atMs - from.atMs);

/**
 * How fast `samples` grow, per minute. With faults, the cycles between them are compared: a leak, or a step up at every
 * fault, lifts the whole band of each cycle (the lowest level it comes back to and the highest it reaches) and keeps
 * it lifted to the last cycle, while what a fault or the garbage collector takes and gives back moves one edge, or
 * the band for a while, and the band comes back (a pool that fills during an outage and closes its idle connections a
 * few cycles later, a backlog that drains, a heap that drops at a major collection and grows again). So the growth is
 * the slowest of the floors' and the ceilings' least-squares slopes and of their rise from the first cycle to the last
 * (which the soak leaves a whole interval to recover). Without two cycles, it is the slope of the samples themselves.
 */
function growthPerMinute(samples: readonly Sample[], faultsAtMs: readonly number[]): number {
  const bands = bandsPerCycle(samples, faultsAtMs);
  const first = bands[0];
  const last = bands[bands.length - 1];
  if (!first || !last || bands.length < 2) return slopePerMinute(samples);
  return Math.min(
    slopePerMinute(bands.map((band) => band.floor)),
    slopePerMinute(bands.map((band) => band.ceiling)),
    between(first.floor, last.floor),
    between(first.ceiling, last.ceiling),
  );
}

/** Each series' growth after the warm-up: growing when it is above the bound of its kind. */
export function judge(series: ReadonlyMap<string, Sample[]>, timeline: RunTimeline): SeriesVerdict[] {
  return [...series].map(([name, samples]) => {
    const settled = samples.filter((s) => s.atMs >= timeline.warmUpMs);
    const values = settled.map((s) => s.value).filter(Number.isFinite);
    const slope = growthPerMinute(settled, timeline.faultsAtMs);
    const bound = boundOf(name);
    return {
      series: name,
      first: values[0] ?? Number.NaN,
      last: values[values.length - 1] ?? Number.NaN,
      max: values.length > 0 ? Math.max(...values) : Number.NaN,
      slope,
      bound,
      growing: slope > bound,
      unread: values.length * 2 < settled.length,
    };
  });
}

const fixed = (n: number): string => (Number.isFinite(n) ? n.toFixed(n !== 0 && Math.abs(n) < 10 ? 2 : 0) : '—');

/** The verdicts as a Markdown table. */
export function verdictTable(verdicts: readonly SeriesVerdict[]): string {
  const rows = verdicts.map(
    (v) =>
      `| ${v.series} | ${fixed(v.first)} | ${fixed(v.last)} | ${fixed(v.max)} | ${fixed(v.slope)} | ` +
      `${fixed(v.bound)} | ${v.unread ? 'UNREAD' : v.growing ? 'GROWING' : 'flat'} |`,
  );
  return [
    '| series | first | last | max | growth /min | bound /min | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Every sample, a row per sampling time and a column per series. */
export function sampleTable(series: ReadonlyMap<string, Sample[]>): string {
  const names = [...series.keys()];
  const times = [...new Set([...series.values()].flatMap((samples) => samples.map((s) => s.atMs)))].sort(
    (a, b) => a - b,
  );
  const rows = times.map((at) => {
    const cells = names.map((name) => fixed(series.get(name)?.find((s) => s.atMs === at)?.value ?? Number.NaN));
    return `| ${(at / 1_000).toFixed(0)} s | ${cells.join(' | ')} |`;
  });
  return [`| at | ${names.join(' | ')} |`, `| --- | ${names.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}
