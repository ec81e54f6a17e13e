import { readdir, readFile } from 'node:fs/promises';
import { sampleValue, type AppProcess } from '@ppm/testing';

/** What a soak reads of one app process at one time; NaN when a read failed (the app busy with a fault). */
export interface ProcessSample {
  rssMiB: number;
  heapMiB: number;
  /** The event loop's delay, p99 over prom-client's monitoring window. */
  eventLoopP99Ms: number;
  openFds: number;
}

const MIB = 1024 * 1024;

const orNaN = (read: () => Promise<number>): Promise<number> => read().catch(() => Number.NaN);

/** The process's resident memory, from /proc (VmRSS, in kB). */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? Number.NaN : (Number(kb) * 1024) / MIB;
}

/** Heap and event-loop delay from the app's own /metrics (prom-client's default metrics). */
async function runtimeOf(app: AppProcess): Promise<{ heapMiB: number; eventLoopP99Ms: number }> {
  const text = await (await fetch(`${app.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return {
    heapMiB: sampleValue(text, 'nodejs_heap_size_used_bytes', {}) / MIB,
    eventLoopP99Ms: sampleValue(text, 'nodejs_eventloop_lag_p99_seconds', {}) * 1_000,
  };
}

/** Samples `app`: RSS and open file descriptors from /proc, heap and event-loop delay from its /metrics. */
export async function sampleProcess(app: AppProcess): Promise<ProcessSample> {
  const runtime = await runtimeOf(app).catch(() => ({ heapMiB: Number.NaN, eventLoopP99Ms: Number.NaN }));
  return {
    rssMiB: await orNaN(() => rssMiB(app.pid)),
    heapMiB: runtime.heapMiB,
    eventLoopP99Ms: runtime.eventLoopP99Ms,
    openFds: await orNaN(async () => (await readdir(`/proc/${app.pid}/fd`)).length),
  };
}
