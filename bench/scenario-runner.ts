// Runs one scenario in a forked load generator (bench/load-generator.ts), so the load it makes is not measured on
// the runner's event loop.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BenchScenario, BenchWorkload, GeneratorMessage, ScenarioResult } from './bench-scenario';
import { ALIAS_HOOK, DIST_BENCH, say, seconds, servers } from './bench-settings';
import type { CpuMeter } from './cpu-meter';

/**
 * The load of a scenario: how many operations in flight (closed loop) or started per second (open loop, with
 * `concurrency` the most in flight), for how long (before BENCH_SCALE), bounded in count.
 */
export interface ScenarioLoad {
  concurrency: number;
  ratePerSecond?: number;
  durationMs: number;
  warmupMs?: number;
  maxOperations?: number;
}

/** A scenario to run: its id and title in the report, what it drives and how hard. */
export interface ScenarioSpec {
  id: string;
  title: string;
  workload: BenchWorkload;
  load: ScenarioLoad;
}

/**
 * Runs `spec` in a forked generator, printing progress; kills the generator if it overstays. With `meter`, the
 * result carries the CPU each process of the stack spent per operation.
 */
export function runScenario({ id, title, workload, load }: ScenarioSpec, meter?: CpuMeter): Promise<ScenarioResult> {
  const scenario: BenchScenario = {
    id,
    title,
    workload,
    concurrency: load.concurrency,
    ratePerSecond: load.ratePerSecond,
    warmupMs: load.warmupMs ?? 1_500,
    durationMs: seconds(load.durationMs),
    maxOperations: load.maxOperations,
    servers,
  };
  const total = `${scenario.durationMs / 1000}s`;
  meter?.start();
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(join(DIST_BENCH, 'load-generator.js'), [], {
      execArgv: ALIAS_HOOK,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const limit = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error(`${title}: the generator did not finish in time`));
      },
      scenario.warmupMs + scenario.durationMs + 60_000,
    );
    let result: ScenarioResult | undefined;
    child.on('message', (message: GeneratorMessage) => {
      if (message.type === 'progress') {
        const at = `${Math.floor(message.elapsedMs / 1000)}s`;
        say(
          message.phase === 'warm-up'
            ? `${title} warm-up ${at}`
            : `${title} ${at}/${total} ${message.ok} ok ${message.errors} err`,
        );
      } else if (message.type === 'result') {
        result = message.result;
      } else {
        clearTimeout(limit);
        reject(new Error(`${title}: ${message.message}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(limit);
      if (!result) {
        reject(new Error(`${title}: the generator exited (${code}) without a result`));
        return;
      }
      if (meter && result.operations > 0) {
        const perOperation: Record<string, number> = {};
        for (const [group, ms] of Object.entries(meter.stop())) {
          perOperation[group] = Math.round((ms / result.operations) * 1000) / 1000;
        }
        result.cpuMsPerOperation = perOperation;
      }
      const l = result.latencyMs;
      say(
        `${title}: ${result.throughput}/s, p50 ${l.p50} p95 ${l.p95} p99 ${l.p99} ms, ${result.errors} errors ` +
          `(${result.ok} ok in ${result.measuredSeconds}s, ${result.concurrency} in flight)`,
      );
      resolve(result);
    });
    child.send(scenario);
  });
}
