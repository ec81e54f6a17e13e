// `npm run demo`: against the stack `npm start` runs, one payment and one partial refund per gateway (VNPay, MoMo,
// ZaloPay through the sandbox), watching PPM's events on RabbitMQ, then a table of what happened. The demo tenant
// gets the sandbox's demo merchants as gateway configurations the first time. NATS_URL, AMQP_URL, SANDBOX_URL and
// DEMO_TENANT_ID override the defaults (the local servers and apps of `npm start`). On the bus the demo is an
// internal caller: NATS_USER / NATS_PASSWORD and AMQP_URL's userinfo default to that role's development user.
import { randomUUID } from 'node:crypto';
import { connect as connectAmqp, type ChannelModel } from 'amqplib';
import { connect as connectNats, JSONCodec, type NatsConnection } from 'nats';
import { natsAuthOptions, natsCredentialsFromEnv } from '@ppm/messaging';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://ppm-caller:ppm-caller-dev@127.0.0.1:5672';
const SANDBOX_URL = process.env['SANDBOX_URL'] ?? 'http://127.0.0.1:3010';
const TENANT = process.env['DEMO_TENANT_ID'] ?? '00000000-0000-4000-8000-000000000001';
const AMOUNT = 150_000;
const REFUND = 50_000;
const WAIT_MS = 15_000;
const codec = JSONCodec();

/** The sandbox's always-registered demo merchants (apps/gateway-sandbox/src/sandbox-control/demo-merchants.ts). */
const DEMO_MERCHANTS = {
  VNPAY: { tmnCode: 'PPMDEMO1', hashSecret: 'ppm-vnpay-secret' },
  MOMO: { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' },
  ZALOPAY: { appId: '2553', key1: 'ppm-zalopay-key1', key2: 'ppm-zalopay-key2' },
} as const;
type Gateway = keyof typeof DEMO_MERCHANTS;
const GATEWAYS = Object.keys(DEMO_MERCHANTS) as Gateway[];

/** Something the demo needs is not there: said plainly, without a stack trace. */
class DemoError extends Error {}

type Reply<T> = { success: true; data: T } | { success: false; error: { code: string; message: string } };

interface TransactionView {
  status: string;
  refundedAmount: number;
  refunds: { id: string; status: string }[];
}

interface Row {
  gateway: Gateway;
  transactionId: string;
  states: string[];
  refund: string;
  events: string[];
  paidMs: number;
  refundMs: number;
}

async function request<T>(nats: NatsConnection, subject: string, data: unknown): Promise<T> {
  const message = await nats
    .request(subject, codec.encode({ meta: { tenantId: TENANT, traceId: `demo-${randomUUID().slice(0, 8)}` }, data }), {
      timeout: 15_000,
    })
    .catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === '503') throw new DemoError(`no PPM service answers ${subject}: run \`npm start\` first`);
      throw new DemoError(`${subject}: ${error instanceof Error ? error.message : String(error)}`);
    });
  const reply = codec.decode(message.data) as Reply<T>;
  if (!reply.success) throw new DemoError(`${subject} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

async function sandbox(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${SANDBOX_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new DemoError(`the gateway sandbox does not answer at ${SANDBOX_URL}: run \`npm start\` first`);
  });
  const text = await response.text();
  if (!response.ok) throw new DemoError(`sandbox ${method} ${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The demo tenant's configuration per gateway, added the first time from the sandbox's demo merchants. */
async function configurations(nats: NatsConnection): Promise<Record<Gateway, string>> {
  const { items } = await request<{ items: { id: string; name: string; gatewayType: string }[] }>(
    nats,
    'ppm.query.gateway-config.list',
    {},
  );
  const ids = {} as Record<Gateway, string>;
  for (const gatewayType of GATEWAYS) {
    const name = `Demo ${gatewayType}`;
    const found = items.find((item) => item.name === name);
    ids[gatewayType] = found
      ? found.id
      : (
          await request<{ id: string }>(nats, 'ppm.command.gateway-config.add', {
            gatewayType,
            name,
            credentials: DEMO_MERCHANTS[gatewayType],
            supportedPaymentMethods: ['E_WALLET', 'QR_CODE', 'ATM_CARD'],
            isDefault: gatewayType === 'MOMO',
          })
        ).id;
  }
  return ids;
}

/** PPM's payment and refund events by transaction id, from a private auto-delete queue on `ppm.events`. */
async function watchEvents(seen: Map<string, string[]>): Promise<ChannelModel> {
  const model = await connectAmqp(AMQP_URL, { clientProperties: { connection_name: 'ppm-demo' } }).catch(() => {
    throw new DemoError(`RabbitMQ does not answer at ${AMQP_URL}: run \`npm start\` first`);
  });
  const channel = await model.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const key of ['ppm.payment.#', 'ppm.refund.#']) await channel.bindQueue(queue, 'ppm.events', key);
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      const event = JSON.parse(message.content.toString()) as {
        type: string;
        aggregateId: string;
        data?: { transactionId?: string };
      };
      // Kept for every payment (the created event may come before the process reply): the table picks its own.
      const id = event.data?.transactionId ?? event.aggregateId;
      seen.set(id, [...(seen.get(id) ?? []), event.type.replace(/^ppm\.|\.v\d+$/g, '')]);
    },
    { noAck: true },
  );
  return model;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) {
      if (!done(value)) process.stdout.write(`  (gave up waiting for ${what} after ${WAIT_MS / 1000} s)\n`);
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function payAndRefund(
  nats: NatsConnection,
  gateway: Gateway,
  configurationId: string,
  seen: Map<string, string[]>,
): Promise<Row> {
  const started = Date.now();
  const payment = await request<{
    transactionId: string;
    status: string;
    gatewayReference: string;
    paymentUrl: string;
  }>(nats, 'ppm.command.payment.process', {
    sourceBoundedContext: 'orders',
    sourceTransactionId: `demo-${randomUUID()}`,
    amount: AMOUNT,
    currency: 'VND',
    paymentMethodType: 'E_WALLET',
    gatewayConfigurationId: configurationId,
    description: `PPM demo order (${gateway})`,
    returnUrl: 'https://shop.example/return',
  });
  const states = [payment.status];
  process.stdout.write(
    `${gateway}: payment ${payment.transactionId} ${payment.status}, customer pays at the sandbox\n`,
  );
  // The customer opens the payment page (VNPay's order exists from then on) and pays.
  await fetch(payment.paymentUrl).then((response) => response.arrayBuffer());
  await sandbox(
    'POST',
    `/sandbox/orders/${gateway.toLowerCase()}/${encodeURIComponent(payment.gatewayReference)}/complete`,
    { outcome: 'succeeded' },
  );
  const read = (): Promise<TransactionView> =>
    request<TransactionView>(nats, 'ppm.query.transaction.get', { transactionId: payment.transactionId });
  const paid = await until('SUCCEEDED', read, (view) => view.status === 'SUCCEEDED');
  states.push(paid.status);
  const paidMs = Date.now() - started;

  const refundStarted = Date.now();
  const refund = await request<{ refundId: string; status: string }>(nats, 'ppm.command.refund.process', {
    transactionId: payment.transactionId,
    amount: REFUND,
    reason: 'PPM demo: one item returned',
  });
  process.stdout.write(`${gateway}: refund ${refund.refundId} ${refund.status}\n`);
  if (refund.status === 'PROCESSING') {
    // ZaloPay settles refunds later and never calls back: PPM asks it (the worker's sync job does this for refunds
    // in flight after a while; the demo asks for the sync at once, after the sandbox's short settle delay).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await syncAsWorker(payment.transactionId);
  }
  const settled = await until('the refund outcome', read, (view) =>
    view.refunds.some((r) => r.id === refund.refundId && ['SUCCEEDED', 'FAILED'].includes(r.status)),
  );
  states.push(settled.status);
  const refundMs = Date.now() - refundStarted;
  const refundStatus = settled.refunds.find((r) => r.id === refund.refundId)?.status ?? refund.status;
  // Events travel through the outbox and RabbitMQ: give the last ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    gateway,
    transactionId: payment.transactionId,
    states: states.filter((state, i) => state !== states[i - 1]),
    refund: `${REFUND} ${refundStatus}`,
    events: seen.get(payment.transactionId) ?? [],
    paidMs,
    refundMs,
  };
}

function printTable(rows: Row[]): void {
  const header = ['GATEWAY', 'TRANSACTION', 'STATES', 'REFUND', 'EVENTS SEEN', 'PAID IN', 'REFUNDED IN'];
  const cells = rows.map((r) => [
    r.gateway,
    r.transactionId,
    r.states.join(' → '),
    r.refund,
    r.events.join(', '),
    `${r.paidMs} ms`,
    `${r.refundMs} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const values of cells) process.stdout.write(`${line(values)}\n`);
}

// A status sync settles money, so only the worker's NATS user may ask for one: the demo plays the worker's sync job
// with that user's development credentials (the demo runs against `npm start`'s servers only).
async function syncAsWorker(transactionId: string): Promise<void> {
  const auth = natsAuthOptions(DEV_BUS_IDENTITIES.worker);
  const worker = await connectNats({ servers: NATS_URL, name: 'ppm-demo-sync', timeout: 3_000, ...auth });
  try {
    await request(worker, 'ppm.command.payment.sync-status', { transactionId });
  } finally {
    await worker.close();
  }
}

async function main(): Promise<void> {
  const auth = natsAuthOptions(natsCredentialsFromEnv('caller'));
  const nats = await connectNats({ servers: NATS_URL, name: 'ppm-demo', timeout: 3_000, ...auth }).catch(() => {
    throw new DemoError(`NATS does not answer at ${NATS_URL}: run \`npm start\` first`);
  });
  const seen = new Map<string, string[]>();
  let events: ChannelModel | undefined;
  try {
    await request(nats, 'ppm.command.system.ping', {});
    await request(nats, 'ppm.query.system.ping', {});
    await sandbox('GET', '/health/ready');
    process.stdout.write(
      `PPM demo, tenant ${TENANT}: one payment of ${AMOUNT} VND and a refund of ${REFUND} per gateway\n`,
    );
    const configurationIds = await configurations(nats);
    events = await watchEvents(seen);
    const rows: Row[] = [];
    for (const gateway of GATEWAYS) rows.push(await payAndRefund(nats, gateway, configurationIds[gateway], seen));
    printTable(rows);
    process.stdout.write(
      `\nSee one in full: npm run ppm -- request ppm.query.transaction.get '{"transactionId":"${rows[0]?.transactionId ?? ''}"}' --tenant ${TENANT}\n`,
    );
  } finally {
    await events?.close().catch(() => undefined);
    await nats.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo: ${error instanceof DemoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
