// The bench run's settings, from its environment: the servers it drives, how long it measures, what it runs.
import { join } from 'node:path';
import type { BenchServers } from './bench-scenario';

export const ROOT = join(__dirname, '..', '..');
/** The compiled bench scripts (this file's folder in dist/), forked as generators and helpers. */
export const DIST_BENCH = __dirname;
/** Preloaded by every forked bench script: the bench runs from tsc's output, which keeps the `@ppm/*` imports. */
export const ALIAS_HOOK = ['-r', join(ROOT, 'tools', 'register-aliases.js')];

/** BENCH_SCALE (default 1) scales every measured window, e.g. 0.3 for a quick look. */
export const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
export const REALISTIC_LATENCY_MS = Number(process.env['BENCH_SANDBOX_LATENCY_MS'] ?? 150);
export const SEED_ROWS = Number(process.env['BENCH_SEED_ROWS'] ?? 40_000);
export const POOL_SIZE = Number(process.env['DATABASE_POOL_SIZE'] ?? 10);
export const GATEWAYS = ['VNPAY', 'MOMO', 'ZALOPAY'] as const;

/** A group of scenarios BENCH_ONLY can pick; PPM's scenarios are reads or writes. */
export type ScenarioGroup = 'ceilings' | 'reads' | 'writes';
/** BENCH_ONLY=reads|writes runs one group of PPM scenarios, without the ceilings (e.g. while profiling an app). */
const ONLY = process.env['BENCH_ONLY'];
export const runs = (group: ScenarioGroup): boolean => !ONLY || ONLY === group;
/** BENCH_SCENARIOS=<id>,<id> runs only those of PPM's scenarios (e.g. one path while profiling it). */
const PICKED = process.env['BENCH_SCENARIOS']?.split(',').map((id) => id.trim());
export const picked = (id: string): boolean => !PICKED || PICKED.includes(id);
/** Whether the run is the full one (neither BENCH_ONLY nor BENCH_SCENARIOS narrowed it). */
export const FULL_RUN = !ONLY && !PICKED;

export const servers: BenchServers = {
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  amqpUrl: process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
};

export const say = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
};
/** A measured window scaled by BENCH_SCALE, in whole seconds (at least one). */
export const seconds = (ms: number): number => Math.max(1, Math.round((ms * SCALE) / 1000)) * 1000;
