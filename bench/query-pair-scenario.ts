// Cached transaction.get with two query instances in the `ppm-query` queue group: a second query service starts
// for this scenario's window (sharing the first one's invalidation queue) and stops after it.
import { startSecondQuery, type BenchApp } from './bench-stack';
import type { PpmScenario } from './ppm-scenarios';
import { CACHED_GET_AIM, hotSetReads, QUERY_FLOOR, warmHotSet } from './scenario-steps';

export function queryPairScenario(): PpmScenario {
  let second: BenchApp | undefined;
  // A bench that fails mid-scenario never reaches `after`: the second query must not outlive it.
  const killAtExit = (): void => {
    if (second) process.kill(second.pid, 'SIGKILL');
  };
  return {
    id: 'transaction-get-cached-2q',
    title: 'transaction.get, cached, two query instances',
    group: 'reads',
    before: async (run) => {
      second = await startSecondQuery(run.invalidationQueue);
      process.once('exit', killAtExit);
      run.queryPids.push(second.pid);
      await warmHotSet(run);
    },
    workload: hotSetReads,
    load: { concurrency: 64, durationMs: 6_000 },
    after: async (run) => {
      process.off('exit', killAtExit);
      run.queryPids = run.queryPids.filter((pid) => pid !== second?.pid);
      await second?.stop();
      second = undefined;
    },
    figure: { ceiling: 'nats-64', floor: QUERY_FLOOR, aim: CACHED_GET_AIM },
  };
}
