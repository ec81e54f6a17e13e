// The apps the benchmark measures, started from dist/ as `npm start` would run them, on free ports, with their
// logs in tmp/bench/, and the bench tenant's merchants and gateway configurations registered through them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { NatsConnection } from 'nats';
import { natsRequest } from './bench-nats';
import type { BenchMerchants, BenchPayment } from './bench-scenario';
import { GATEWAYS } from './bench-settings';

const ROOT = join(__dirname, '..', '..');
export const LOG_DIR = join(ROOT, 'tmp', 'bench');

/** One app process of the bench. */
export interface BenchApp {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts `app` from dist/ on `port` with the bench's environment plus `env`, logging to tmp/bench/<logName>.log, and
 * waits (up to 60 s) for its readiness probe. `nodeOptions` lets a profile run add e.g. `--cpu-prof`.
 */
export async function startBenchApp(
  app: string,
  port: number,
  env: Record<string, string>,
  nodeOptions: string[] = [],
  logName: string = app,
): Promise<BenchApp> {
  const main = join(ROOT, 'dist', 'apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${logName}.log`), { flags: 'w' });
  const child = spawn(process.execPath, [...nodeOptions, main], {
    cwd: ROOT,
    env: {
      NODE_ENV: 'development',
      ...process.env,
      LOG_LEVEL: process.env['BENCH_APP_LOG_LEVEL'] ?? 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited(child);
    clearTimeout(killer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}; see ${LOG_DIR}/${app}.log`);
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { name: app, url, pid: child.pid ?? 0, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${app} was not ready within 60 s; see ${LOG_DIR}/${app}.log`);
}

const token = (length: number): string =>
  Array.from(randomBytes(length), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');

/** Fresh sandbox merchants, one per gateway, so the worker finds exactly the bench tenant's configuration. */
export function freshMerchants(): BenchMerchants {
  return {
    VNPAY: { tmnCode: `B${token(7)}`, hashSecret: token(32) },
    MOMO: { partnerCode: `MOMOB${token(7)}`, accessKey: token(16), secretKey: token(32) },
    ZALOPAY: { appId: String(60_000 + (randomBytes(2).readUInt16BE() % 30_000)), key1: token(32), key2: token(32) },
  };
}

/** Calls the sandbox's control API, failing with its answer when the status is not `expected`. */
export async function sandboxCall(
  sandboxUrl: string,
  method: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Sets the sandbox's latency for every gateway API call. */
export async function setSandboxLatency(sandboxUrl: string, latencyMs: number): Promise<void> {
  await sandboxCall(sandboxUrl, 'PUT', '/sandbox/faults', { latencyMs, mode: 'none' }, 200);
}

/**
 * Completes a payment at the sandbox the way its customer would (VNPay's order exists once the payment URL is
 * opened), which makes the sandbox deliver the signed success callback to the worker.
 */
export async function completeAtSandbox(sandboxUrl: string, payment: BenchPayment): Promise<void> {
  if (payment.gatewayType === 'VNPAY' && payment.paymentUrl) {
    const opened = await fetch(payment.paymentUrl);
    await opened.arrayBuffer();
  }
  const completion = (await sandboxCall(
    sandboxUrl,
    'POST',
    `/sandbox/orders/${payment.gatewayType.toLowerCase()}/${encodeURIComponent(payment.gatewayReference)}/complete`,
    { outcome: 'succeeded' },
    200,
  )) as { delivery?: { acknowledged?: boolean } };
  if (!completion.delivery?.acknowledged) {
    throw new Error(`the worker did not acknowledge ${payment.gatewayType} ${payment.transactionId}`);
  }
}

/** Where the bench's sandbox, worker and HTTP edge answer, and the edge's credentials. */
export interface BenchStackUrls {
  sandboxUrl: string;
  workerUrl: string;
  edge: EdgeAccess;
}

/** The HTTP edge of the bench: its origin, the HS256 secret it verifies bearer tokens with, a platform API key. */
export interface EdgeAccess {
  origin: string;
  jwtSecret: string;
  /** An internal caller's key that names the tenant per request (X-Tenant-Id). */
  platformApiKey: string;
}

/**
 * The edge's environment: a fresh token secret and platform key (only its hash configured), and rate limits far
 * above what the bench sends, so the figures measure the edge's work rather than its refusals.
 */
function edgeEnvironment(jwtSecret: string, platformApiKey: string): Record<string, string> {
  const sha256 = createHash('sha256').update(platformApiKey).digest('hex');
  return {
    JWT_SECRET: jwtSecret,
    API_KEYS: JSON.stringify([{ id: 'bench-platform', sha256, tenantId: 'platform', roles: ['ppm.internal'] }]),
    RATE_LIMIT_TIERS: JSON.stringify({ standard: { limit: 1_000_000_000, windowSeconds: 60 } }),
  };
}

/** Mints the bench's bearer token for a tenant's `role` (an hour, the edge's longest lifetime by default). */
export async function benchBearerToken(edge: EdgeAccess, tenantId: string, role: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenantId, roles: [role] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('ppm-bench')
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 3_600)
    .sign(createSecretKey(Buffer.from(edge.jwtSecret, 'utf8')));
}

/** Starts another query service in the queue group (logging to tmp/bench/query.log beside the first). */
export function startSecondQuery(invalidationQueue: string): Promise<BenchApp> {
  return freePort().then((port) =>
    startBenchApp('query', port, { CACHE_INVALIDATION_QUEUE: invalidationQueue }, [], 'query-2'),
  );
}

/**
 * Starts the sandbox, worker, command and query services and the HTTP edge on free ports, each pushed to `apps` as soon as it is
 * ready (so the caller stops those that started when a later one fails). The worker only receives callbacks: no
 * jobs, consumers or notifications. BENCH_PROFILE=<app> runs that app with V8's sampling profiler (read it with
 * `node --prof-process <log>`).
 */
export async function startBenchStack(apps: BenchApp[], invalidationQueue: string): Promise<BenchStackUrls> {
  const [sandboxPort, workerPort, commandPort, queryPort, gatewayPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const profile = (app: string): string[] =>
    process.env['BENCH_PROFILE'] === app
      ? ['--prof', '--no-logfile-per-isolate', `--logfile=${join(LOG_DIR, `${app}.v8.log`)}`]
      : [];
  apps.push(
    await startBenchApp(
      'gateway-sandbox',
      sandboxPort,
      {
        SANDBOX_PUBLIC_URL: sandboxUrl,
        SANDBOX_DEFAULT_IPN_URL: `${workerUrl}/api/v1/internal/ppm/gateway/webhook`,
      },
      profile('gateway-sandbox'),
    ),
  );
  apps.push(
    await startBenchApp(
      'worker',
      workerPort,
      {
        JOBS_ENABLED: 'false',
        CONSUMERS_ENABLED: 'false',
        NOTIFICATIONS_ENABLED: 'false',
        // Every callback of the bench comes from the one sandbox address, at hundreds a second.
        WEBHOOK_RATE_LIMIT_PER_SOURCE: '10000000',
        WEBHOOK_RATE_LIMIT_PER_GATEWAY: '10000000',
      },
      profile('worker'),
    ),
  );
  apps.push(
    await startBenchApp(
      'command',
      commandPort,
      { GATEWAY_DEFAULT_BASE_URL: sandboxUrl, WORKER_PUBLIC_URL: workerUrl },
      profile('command'),
    ),
  );
  apps.push(await startBenchApp('query', queryPort, { CACHE_INVALIDATION_QUEUE: invalidationQueue }, profile('query')));
  const jwtSecret = randomBytes(32).toString('hex');
  const platformApiKey = `ppm_${randomBytes(24).toString('base64url')}`;
  const gateway = await startBenchApp(
    'gateway',
    gatewayPort,
    edgeEnvironment(jwtSecret, platformApiKey),
    profile('gateway'),
  );
  apps.push(gateway);
  return { sandboxUrl, workerUrl, edge: { origin: gateway.url, jwtSecret, platformApiKey } };
}

/** The bench tenant's fresh sandbox merchants and, through PPM, a gateway configuration for each (MoMo's the default). */
export async function registerBenchTenant(
  control: NatsConnection,
  sandboxUrl: string,
  tenantId: string,
): Promise<{ merchants: BenchMerchants; configurations: { id: string; gatewayType: BenchPayment['gatewayType'] }[] }> {
  const merchants = freshMerchants();
  const configurations: { id: string; gatewayType: BenchPayment['gatewayType'] }[] = [];
  for (const gatewayType of GATEWAYS) {
    await sandboxCall(
      sandboxUrl,
      'POST',
      '/sandbox/merchants',
      { gatewayType, credentials: merchants[gatewayType] },
      201,
    );
    const added = await natsRequest<{ id: string }>(control, 'ppm.command.gateway-config.add', tenantId, {
      gatewayType,
      name: `Bench ${gatewayType}`,
      credentials: merchants[gatewayType],
      supportedPaymentMethods: ['E_WALLET', 'QR_CODE'],
      isDefault: gatewayType === 'MOMO',
    });
    configurations.push({ id: added.id, gatewayType });
  }
  return { merchants, configurations };
}
