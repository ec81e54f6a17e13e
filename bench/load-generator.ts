// A load generator: forked by bench/scenario-runner.ts with one scenario, it repeats the scenario's operation at a fixed
// concurrency (closed loop) or at a fixed arrival rate (open loop), first to warm up (not measured), then for the
// measured window, reports progress every second and sends back the result. Bounded by time and by count; it exits
// when done. Run in its own process so the load it makes costs nothing on the runner's event loop.
import type {
  BenchPayment,
  BenchScenario,
  BenchServers,
  BenchWorkload,
  GeneratorMessage,
  ScenarioResult,
} from './bench-scenario';
import { natsEchoCeiling, postgresCeiling, rabbitCeiling, redisCeiling } from './ceiling-workloads';
import { httpWorkload } from './edge-workloads';
import { LatencySamples } from './latency-summary';
import { merchantWebhookWorkload } from './merchant-webhook-workload';
import { runOpenLoop } from './open-loop';
import { paymentWorkload, ppmOperation, refundOf } from './ppm-workloads';
import { webhookWorkload } from './webhook-workload';
import { natsWorkload, type Outcome, type Workload } from './workload';

async function prepare(workload: BenchWorkload, servers: BenchServers, concurrency: number): Promise<Workload> {
  switch (workload.kind) {
    case 'nats-echo':
      return natsEchoCeiling(servers);
    case 'pg-insert-outbox':
      return postgresCeiling(servers, concurrency);
    case 'redis-get':
      return redisCeiling(servers, concurrency);
    case 'rabbit-round-trip':
      return rabbitCeiling(servers);
    case 'transaction-get': {
      const nats = await natsWorkload(servers);
      const ids = workload.transactionIds;
      return {
        run: (i) => {
          if (workload.eachOnce && i >= ids.length) return undefined;
          return ppmOperation(nats, 'ppm.query.transaction.get', workload.tenantId, {
            transactionId: ids[i % ids.length],
          });
        },
        close: () => nats.close(),
      };
    }
    case 'transaction-list': {
      const nats = await natsWorkload(servers);
      const filters = [
        {},
        { status: 'SUCCEEDED' },
        { gatewayType: 'MOMO' },
        { status: 'FAILED', gatewayType: 'VNPAY' },
      ];
      return {
        run: (i) => ppmOperation(nats, 'ppm.query.transaction.list', workload.tenantId, filters[i % filters.length]),
        close: () => nats.close(),
      };
    }
    case 'gateway-config-get': {
      const nats = await natsWorkload(servers);
      const ids = workload.configurationIds;
      return {
        run: (i) =>
          ppmOperation(nats, 'ppm.query.gateway-config.get', workload.tenantId, {
            gatewayConfigurationId: ids[i % ids.length],
          }),
        close: () => nats.close(),
      };
    }
    case 'payment-process':
      return paymentWorkload(workload, servers);
    case 'merchant-webhook':
      return merchantWebhookWorkload(workload, servers);
    case 'webhook':
      return webhookWorkload(workload, concurrency);
    case 'refund': {
      const nats = await natsWorkload(servers);
      const { payments, refundsPerPayment } = workload;
      return {
        run: (i) => {
          const refund = refundOf(payments, refundsPerPayment, i);
          return refund && ppmOperation(nats, 'ppm.command.refund.process', workload.tenantId, refund);
        },
        close: () => nats.close(),
      };
    }
    case 'http-get':
    case 'edge-payment':
    case 'edge-refund':
      return httpWorkload(workload, concurrency);
  }
}

/**
 * Runs the scenario: closed loop, `concurrency` loops pulling operation numbers until time, count or inputs run
 * out; or open loop (`ratePerSecond`, bench/open-loop.ts), one operation due every 1/rate s whatever the replies,
 * at most `concurrency` in flight, each latency counted from the operation's due time.
 */
async function runScenario(scenario: BenchScenario, send: (message: GeneratorMessage) => void): Promise<void> {
  const workload = await prepare(scenario.workload, scenario.servers, scenario.concurrency);
  const samples = new LatencySamples();
  const errorCodes: Record<string, number> = {};
  const payments: BenchPayment[] = [];
  const started = performance.now();
  const measureFrom = started + scenario.warmupMs;
  const stopAt = measureFrom + scenario.durationMs;
  const maxOperations = scenario.maxOperations ?? Number.MAX_SAFE_INTEGER;
  let next = 0;
  let ok = 0;
  let errors = 0;
  let lastMeasured = measureFrom;
  let operations = 0;

  const progress = setInterval(() => {
    const now = performance.now();
    const measuring = now >= measureFrom;
    send({
      type: 'progress',
      phase: measuring ? 'measure' : 'warm-up',
      elapsedMs: Math.round(measuring ? now - measureFrom : now - started),
      ok,
      errors,
    });
  }, 1_000);

  // One finished operation, sent (or due) at `begin`.
  const record = (outcome: Outcome, begin: number): void => {
    const end = performance.now();
    operations += 1;
    if (outcome.ok && outcome.value) payments.push(outcome.value);
    if (begin < measureFrom) return;
    lastMeasured = end;
    if (outcome.ok) {
      ok += 1;
      samples.add(end - begin);
    } else {
      errors += 1;
      errorCodes[outcome.error] = (errorCodes[outcome.error] ?? 0) + 1;
    }
  };

  const loop = async (): Promise<void> => {
    for (;;) {
      const begin = performance.now();
      if (begin >= stopAt || next >= maxOperations) return;
      const operation = workload.run(next++);
      if (!operation) return;
      record(await operation, begin);
    }
  };

  try {
    if (scenario.ratePerSecond) {
      const settings = {
        ratePerSecond: scenario.ratePerSecond,
        maxInFlight: scenario.concurrency,
        startAt: started,
        stopAt,
        maxOperations,
        now: () => performance.now(),
        sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      };
      await runOpenLoop(settings, (i, due) => workload.run(i)?.then((outcome) => record(outcome, due)));
    } else await Promise.all(Array.from({ length: scenario.concurrency }, loop));
  } finally {
    clearInterval(progress);
    await workload.close().catch(() => undefined);
  }
  // When the inputs ran out early, the window ends at the last measured operation. An open loop's window ends when
  // the last operation due in it is answered: a system that falls behind answers them long after it.
  const windowEnd = scenario.ratePerSecond ? lastMeasured : Math.min(stopAt, lastMeasured);
  const measuredSeconds = Math.max(0.001, (windowEnd - measureFrom) / 1000);
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    concurrency: scenario.concurrency,
    ...(scenario.ratePerSecond ? { ratePerSecond: scenario.ratePerSecond } : {}),
    measuredSeconds: Math.round(measuredSeconds * 1000) / 1000,
    ok,
    errors,
    errorCodes,
    operations,
    throughput: Math.round((ok / measuredSeconds) * 10) / 10,
    latencyMs: samples.summary(),
    ...(scenario.workload.kind === 'payment-process' ? { payments } : {}),
  };
  send({ type: 'result', result });
}

if (require.main === module) {
  const send = (message: GeneratorMessage): void => {
    process.send?.(message);
  };
  // The last message is large (payments): disconnect only once it has been handed over.
  const finish = (message?: GeneratorMessage): void => {
    if (message) process.send?.(message, undefined, {}, () => process.disconnect?.());
    else process.disconnect?.();
  };
  process.once('message', (scenario: BenchScenario) => {
    let last: GeneratorMessage | undefined;
    runScenario(scenario, (message) => (message.type === 'result' ? (last = message) : send(message))).then(
      () => finish(last),
      (error: unknown) =>
        finish({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
