import type { LatencySummary } from './bench-scenario';

/** A growable array of latency samples in milliseconds (every sample is kept: percentiles are exact). */
export class LatencySamples {
  private values = new Float64Array(1 << 14);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  summary(): LatencySummary {
    return summarize(this.values.subarray(0, this.size));
  }
}

/** Nearest-rank percentiles of `samples` (sorted in place); all zero when empty. */
export function summarize(samples: Float64Array): LatencySummary {
  const n = samples.length;
  if (n === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  samples.sort();
  let sum = 0;
  for (const value of samples) sum += value;
  const rank = (p: number): number => samples[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] ?? 0;
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    count: n,
    mean: round(sum / n),
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(samples[n - 1] ?? 0),
  };
}
