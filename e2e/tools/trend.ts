/** One sampled value of a series, at a time in milliseconds. */
export interface Sample {
  atMs: number;
  value: number;
}

/**
 * The least-squares slope of `samples`, per minute: how fast the series grows (or shrinks) over the run, with the
 * spikes of single samples (a fault's) weighing no more than their distance from the trend. NaN samples (a read that
 * failed during a fault) are left out; fewer than two left give 0.
 */
export function slopePerMinute(samples: readonly Sample[]): number {
  const points = samples.filter((s) => Number.isFinite(s.value)).map((s) => ({ x: s.atMs / 60_000, y: s.value }));
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const spread = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  if (spread === 0) return 0;
  return points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0) / spread;
}

/** The lowest and the highest sample of one cycle between faults. */
export interface CycleBand {
  floor: Sample;
  ceiling: Sample;
}

/**
 * The band of each cycle, the cycles cut at `cycleStartsMs` (when each fault began): the lowest level the series comes
 * back to and the highest it reaches between two faults. Cycles without a finite sample have no band.
 */
export function bandsPerCycle(samples: readonly Sample[], cycleStartsMs: readonly number[]): CycleBand[] {
  const bands = new Map<number, CycleBand>();
  for (const sample of samples) {
    if (!Number.isFinite(sample.value)) continue;
    const cycle = cycleStartsMs.filter((start) => start <= sample.atMs).length;
    const band = bands.get(cycle);
    if (!band) bands.set(cycle, { floor: sample, ceiling: sample });
    else if (sample.value < band.floor.value) band.floor = sample;
    else if (sample.value > band.ceiling.value) band.ceiling = sample;
  }
  return [...bands.entries()].sort(([a], [b]) => a - b).map(([, band]) => band);
}
