// A load generator: forked by bench/run-bench.ts with one scenario, it repeats the scenario's operation at a fixed
// concurrency, first to warm up (not measured), then for the measured window, reports progress every second and
// sends back the result. Bounded by time and by count; it exits when done. Run in its own process so the load it
// makes costs nothing on the runner's event loop.
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect as connectAmqp, type ConfirmChannel } from 'amqplib';
import Redis from 'ioredis';
import { connect as connectNats, JSONCodec, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { gmt7Timestamp, momoSign, vnpaySignParams, zalopayCallbackMac } from '@ppm/gateways';
import {
  CEILING_SCHEMA,
  ECHO_SUBJECT,
  type BenchPayment,
  type BenchScenario,
  type BenchServers,
  type BenchWorkload,
  type GeneratorMessage,
  type ScenarioResult,
} from './bench-scenario';
import { natsAuthOptions } from '@ppm/messaging';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';
import { LatencySamples } from './latency-summary';

const codec = JSONCodec();
const REQUEST_TIMEOUT_MS = 10_000;

/** One operation's outcome: success (with an optional output to hand back), or a failure code. */
type Outcome = { ok: true; output?: BenchPayment } | { ok: false; code: string };

/** A prepared workload: `run(i)` runs the i-th operation, or says there is none left (undefined). */
interface Workload {
  run(index: number): Promise<Outcome> | undefined;
  close(): Promise<void>;
}

const failure = (code: string): Outcome => ({ ok: false, code });

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code) return code;
  return error instanceof Error ? error.name : 'ERROR';
}

/** A PPM request over NATS in the contract's envelope; success when the reply says so. */
async function ppmRequest(
  nats: NatsConnection,
  subject: string,
  tenantId: string,
  data: unknown,
): Promise<{ success: true; data: unknown } | { success: false; error: { code: string } }> {
  const message = await nats.request(
    subject,
    codec.encode({ meta: { tenantId, traceId: randomUUID().replace(/-/g, '') }, data }),
    { timeout: REQUEST_TIMEOUT_MS },
  );
  return codec.decode(message.data) as { success: true; data: unknown } | { success: false; error: { code: string } };
}

async function ppmOperation(nats: NatsConnection, subject: string, tenantId: string, data: unknown): Promise<Outcome> {
  try {
    const reply = await ppmRequest(nats, subject, tenantId, data);
    return reply.success ? { ok: true } : failure(reply.error.code);
  } catch (error) {
    return failure(errorCode(error));
  }
}

/** A NATS connection as an internal caller of PPM, or (`bench`) as the echo ceiling's own user. */
async function natsWorkload(servers: BenchServers, role: 'caller' | 'bench' = 'caller'): Promise<NatsConnection> {
  const auth = natsAuthOptions(DEV_BUS_IDENTITIES[role]);
  return connectNats({ servers: servers.natsUrl, name: 'ppm-bench-generator', timeout: 5_000, ...auth });
}

async function prepare(workload: BenchWorkload, servers: BenchServers, concurrency: number): Promise<Workload> {
  switch (workload.kind) {
    case 'nats-echo': {
      const nats = await natsWorkload(servers, 'bench');
      // ~100 B of JSON, the size of a small PPM request.
      const payload = codec.encode({ meta: { tenantId: randomUUID(), traceId: randomUUID() }, data: { n: 1 } });
      return {
        run: () =>
          nats.request(ECHO_SUBJECT, payload, { timeout: REQUEST_TIMEOUT_MS }).then(
            (): Outcome => ({ ok: true }),
            (error: unknown) => failure(errorCode(error)),
          ),
        close: () => nats.close(),
      };
    }
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
    case 'webhook':
      return webhookWorkload(workload, concurrency);
    case 'refund': {
      const nats = await natsWorkload(servers);
      const { payments, refundsPerPayment } = workload;
      return {
        // Round-robin over the payments: at any moment the in-flight refunds are for different payments.
        run: (i) => {
          const payment = payments[i % payments.length];
          if (!payment || Math.floor(i / payments.length) >= refundsPerPayment) return undefined;
          return ppmOperation(nats, 'ppm.command.refund.process', workload.tenantId, {
            transactionId: payment.transactionId,
            amount: Math.max(1, Math.floor(payment.amount / (refundsPerPayment + 1))),
            reason: 'bench partial refund',
          });
        },
        close: () => nats.close(),
      };
    }
  }
}

async function paymentWorkload(
  workload: Extract<BenchWorkload, { kind: 'payment-process' }>,
  servers: BenchServers,
): Promise<Workload> {
  const nats = await natsWorkload(servers);
  return {
    run: async (i) => {
      const configuration = workload.configurations[i % workload.configurations.length];
      if (!configuration) return failure('NO_CONFIGURATION');
      const amount = 10_000 + (i % 100) * 1_000;
      try {
        const reply = await ppmRequest(nats, 'ppm.command.payment.process', workload.tenantId, {
          sourceBoundedContext: 'orders',
          sourceTransactionId: randomUUID(),
          amount,
          currency: 'VND',
          paymentMethodType: 'E_WALLET',
          gatewayConfigurationId: configuration.id,
          description: `Bench order ${i}`,
          returnUrl: 'https://shop.example/return',
        });
        if (!reply.success) return failure(reply.error.code);
        const data = reply.data as {
          transactionId: string;
          gatewayReference: string | null;
          paymentUrl: string | null;
        };
        return {
          ok: true,
          output: {
            transactionId: data.transactionId,
            gatewayType: configuration.gatewayType,
            gatewayReference: data.gatewayReference ?? '',
            amount,
            paymentUrl: data.paymentUrl,
          },
        };
      } catch (error) {
        return failure(errorCode(error));
      }
    },
    close: () => nats.close(),
  };
}

async function postgresCeiling(servers: BenchServers, concurrency: number): Promise<Workload> {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = new Client({ connectionString: servers.databaseUrl, application_name: 'ppm-bench-ceiling' });
      await client.connect();
      return client;
    }),
  );
  const idle = [...clients];
  const payload = JSON.stringify({ type: 'ppm.payment.created.v1', data: { amount: 150_000, currency: 'VND' } });
  return {
    // The shape of PPM's write: a row and its outbox event in one transaction, on a pool of `concurrency` clients.
    run: async () => {
      const client = idle.pop();
      if (!client) return failure('NO_CLIENT');
      const id = randomUUID();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO ${CEILING_SCHEMA}.rows (id, tenant_id, amount, status, details) VALUES ($1, $2, $3, $4, $5)`,
          [id, id, 150_000, 'PROCESSING', payload],
        );
        await client.query(
          `INSERT INTO ${CEILING_SCHEMA}.outbox (id, aggregate_id, event_type, payload) VALUES ($1, $2, $3, $4)`,
          [randomUUID(), id, 'ppm.payment.created.v1', payload],
        );
        await client.query('COMMIT');
        return { ok: true };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        return failure(errorCode(error));
      } finally {
        idle.push(client);
      }
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.end()));
    },
  };
}

async function redisCeiling(servers: BenchServers, concurrency: number): Promise<Workload> {
  // One connection per in-flight request, as `concurrency` independent clients would.
  const clients = Array.from({ length: concurrency }, () => new Redis(servers.redisUrl, { lazyConnect: true }));
  await Promise.all(clients.map((client) => client.connect()));
  const key = `bench:ceiling:${randomUUID()}`;
  await clients[0]?.set(key, JSON.stringify({ version: 3, data: { id: key, status: 'SUCCEEDED', amount: 150_000 } }));
  const idle = [...clients];
  return {
    run: async () => {
      const client = idle.pop();
      if (!client) return failure('NO_CLIENT');
      try {
        await client.get(key);
        return { ok: true };
      } catch (error) {
        return failure(errorCode(error));
      } finally {
        idle.push(client);
      }
    },
    close: async () => {
      await clients[0]?.del(key);
      await Promise.all(clients.map((client) => client.quit()));
    },
  };
}

async function rabbitCeiling(servers: BenchServers): Promise<Workload> {
  // Persistent publish with a confirm to a private queue, consumed in this process: the broker's part of the
  // outbox lag (publish → confirm → delivery), without PPM's relay in between.
  const model = await connectAmqp(servers.amqpUrl);
  const channel: ConfirmChannel = await model.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  const waiting = new Map<string, () => void>();
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      waiting.get(message.properties.messageId as string)?.();
    },
    { noAck: true },
  );
  const body = Buffer.alloc(1024, 'x');
  return {
    run: (i) =>
      new Promise<Outcome>((resolve) => {
        const messageId = `m${i}`;
        let confirmed = false;
        let delivered = false;
        const settle = (): void => {
          if (confirmed && delivered) resolve({ ok: true });
        };
        waiting.set(messageId, () => {
          waiting.delete(messageId);
          delivered = true;
          settle();
        });
        channel.publish('', queue, body, { persistent: true, messageId }, (error) => {
          if (error) {
            waiting.delete(messageId);
            resolve(failure('NACK'));
            return;
          }
          confirmed = true;
          settle();
        });
      }),
    close: async () => {
      await model.close();
    },
  };
}

/** Sends a gateway's signed success callback to the worker, built and signed as the gateway (the sandbox) does. */
function webhookWorkload(workload: Extract<BenchWorkload, { kind: 'webhook' }>, concurrency: number): Workload {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(`${workload.workerUrl}/api/v1/internal/ppm/gateway/webhook/`);
  const send = (
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
  ): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          method,
          host: base.hostname,
          port: base.port,
          path: `${base.pathname}${path}`,
          headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': body.length },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  return {
    run: (i) => {
      const payment = workload.payments[i];
      if (!payment) return undefined;
      const transactionNo = 10_000_000 + i;
      const now = new Date();
      return (async (): Promise<Outcome> => {
        try {
          switch (payment.gatewayType) {
            case 'VNPAY': {
              const merchant = workload.merchants.VNPAY;
              const params: Record<string, string> = {
                vnp_Amount: String(payment.amount * 100),
                vnp_BankCode: 'NCB',
                vnp_BankTranNo: `VNP${transactionNo}`,
                vnp_CardType: 'ATM',
                vnp_OrderInfo: `Thanh toan don hang ${payment.gatewayReference}`,
                vnp_PayDate: gmt7Timestamp(now),
                vnp_ResponseCode: '00',
                vnp_TmnCode: merchant['tmnCode'] ?? '',
                vnp_TransactionNo: String(transactionNo),
                vnp_TransactionStatus: '00',
                vnp_TxnRef: payment.gatewayReference,
              };
              const query = new URLSearchParams({
                ...params,
                vnp_SecureHash: vnpaySignParams(params, merchant['hashSecret'] ?? ''),
              });
              const reply = await send('GET', `vnpay?${query.toString()}`, undefined);
              const code = (JSON.parse(reply.text || '{}') as { RspCode?: string }).RspCode;
              return code === '00' ? { ok: true } : failure(`RspCode=${code ?? reply.status}`);
            }
            case 'MOMO': {
              const merchant = workload.merchants.MOMO;
              const ipn = {
                partnerCode: merchant['partnerCode'],
                orderId: payment.gatewayReference,
                requestId: payment.gatewayReference,
                amount: payment.amount,
                orderInfo: `Bench order ${payment.gatewayReference}`,
                orderType: 'momo_wallet',
                transId: transactionNo,
                resultCode: 0,
                message: 'Successful.',
                payType: 'qr',
                responseTime: now.getTime(),
                extraData: '',
              };
              const signature = momoSign(
                'ipn',
                { ...ipn, accessKey: merchant['accessKey'] },
                merchant['secretKey'] ?? '',
              );
              const reply = await send('POST', 'momo', JSON.stringify({ ...ipn, signature }));
              return reply.status === 204 ? { ok: true } : failure(`HTTP ${reply.status}`);
            }
            case 'ZALOPAY': {
              const merchant = workload.merchants.ZALOPAY;
              const data = JSON.stringify({
                app_id: Number(merchant['appId']),
                app_trans_id: payment.gatewayReference,
                app_time: now.getTime() - 1_000,
                app_user: 'bench',
                amount: payment.amount,
                embed_data: '{}',
                item: '[]',
                zp_trans_id: transactionNo,
                server_time: now.getTime(),
                channel: 38,
                merchant_user_id: 'bench',
                user_fee_amount: 0,
                discount_amount: 0,
              });
              const mac = zalopayCallbackMac(merchant['key2'] ?? '', data);
              const reply = await send('POST', 'zalopay', JSON.stringify({ data, mac, type: 1 }));
              const code = (JSON.parse(reply.text || '{}') as { return_code?: number }).return_code;
              return code === 1 ? { ok: true } : failure(`return_code=${code ?? reply.status}`);
            }
          }
        } catch (error) {
          return failure(errorCode(error));
        }
      })();
    },
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/** Runs the scenario: `concurrency` loops pulling operation numbers until time, count or inputs run out. */
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

  const loop = async (): Promise<void> => {
    for (;;) {
      const begin = performance.now();
      if (begin >= stopAt || next >= maxOperations) return;
      const operation = workload.run(next++);
      if (!operation) return;
      const outcome = await operation;
      const end = performance.now();
      operations += 1;
      if (outcome.ok && outcome.output) payments.push(outcome.output);
      if (begin < measureFrom) continue;
      lastMeasured = end;
      if (outcome.ok) {
        ok += 1;
        samples.add(end - begin);
      } else {
        errors += 1;
        errorCodes[outcome.code] = (errorCodes[outcome.code] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: scenario.concurrency }, loop));
  } finally {
    clearInterval(progress);
    await workload.close().catch(() => undefined);
  }
  // When the inputs ran out early, the window ends at the last measured operation.
  const measuredSeconds = Math.max(0.001, (Math.min(stopAt, lastMeasured) - measureFrom) / 1000);
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    concurrency: scenario.concurrency,
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
