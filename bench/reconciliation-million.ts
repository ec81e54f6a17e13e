// Benchmark: reconciles a generated settlement file of N lines (default 1,000,000) in PPM's canonical format
// against as many seeded payments in a throw-away database, and prints one JSON line
// `{ lines, durationMs, peakRssMb, linesPerSecond, ... }`. Not a test: it measures.
//   npm run -s build && node -r ./tools/register-aliases.js dist/bench/reconciliation-million.js [--lines N]
// DATABASE_URL names the server (its database is only used to create and drop the benchmark's own).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { canonicalCsvHeader, canonicalCsvLine, ReconciliationRunner, settlementFileAt } from '@ppm/reconciliation';

const SERVER_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm';
const BUSINESS_DATE = '2026-11-22';
const DAY_START = Date.parse(`${BUSINESS_DATE}T00:00:00+07:00`);
/** Every this many lines the file disagrees with PPM (amount changed), so the run records real mismatches too. */
const MISMATCH_EVERY = 10_000;

function linesArgument(): number {
  const index = process.argv.indexOf('--lines');
  const lines = index < 0 ? 1_000_000 : Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(lines) || lines < 1) throw new Error('--lines must be a positive integer');
  return lines;
}

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Writes the canonical file line by line, waiting on the stream's back-pressure (bounded memory). */
async function writeSettlement(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(canonicalCsvHeader());
  for (let i = 1; i <= lines; i += 1) {
    const amount = 10_000 + (i % 1_000) * 100 + (i % MISMATCH_EVERY === 0 ? 1 : 0);
    const fee = Math.floor((amount * 11) / 1000);
    const line = canonicalCsvLine({
      kind: 'PAYMENT',
      reference: `ref-${i}`,
      gatewayTransactionId: String(4_000_000_000 + i),
      amount,
      fee,
      netAmount: amount - fee,
      currency: 'VND',
      settled: true,
      status: 'SUCCEEDED',
      settledAt: new Date(DAY_START + (i % 86_400) * 1000),
    });
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** One configuration and `lines` captured payments of the day, set-based (seconds, not minutes). */
async function seed(dataSource: DataSource, lines: number): Promise<string> {
  const tenantId = randomUUID();
  const configurationId = randomUUID();
  await dataSource.query(
    `INSERT INTO payment_gateway_configurations (id, tenant_id, gateway_type, name, configuration_details, merchant_id,
                                                 supported_payment_methods)
     VALUES ($1, $2, 'MOMO', 'bench', '{}'::jsonb, 'BENCHMOMO', ARRAY['E_WALLET'])`,
    [configurationId, tenantId],
  );
  await dataSource.query(
    `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, status, source_bounded_context,
                                       source_transaction_id, payment_gateway_id, gateway_type, gateway_reference,
                                       gateway_transaction_id, completed_at)
     SELECT $1, 10000 + (i % 1000) * 100, 'VND', 'E_WALLET', 'SUCCEEDED', 'bench', 'src-' || i, $2, 'MOMO',
            'ref-' || i, (4000000000 + i)::text, $3::timestamptz + make_interval(secs => i % 86400)
       FROM generate_series(1, $4::int) AS i`,
    [tenantId, configurationId, new Date(DAY_START), lines],
  );
  await dataSource.query(`ANALYZE payment_transactions`);
  return configurationId;
}

async function main(): Promise<void> {
  const lines = linesArgument();
  const name = `ppm_bench_reconciliation_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const dir = await mkdtemp(join(tmpdir(), 'ppm-reconciliation-bench-'));
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  let dataSource: DataSource | null = null;
  try {
    const url = databaseUrl(name);
    await migrateDatabase(url);
    dataSource = await new DataSource({
      type: 'postgres',
      url,
      applicationName: 'ppm-bench-reconciliation',
    }).initialize();
    const file = join(dir, 'settlement.csv');
    await writeSettlement(file, lines);
    const configurationId = await seed(dataSource, lines);

    global.gc?.();
    const baselineRssMb = process.memoryUsage().rss / 1_048_576;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const result = await new ReconciliationRunner(dataSource, null).run({
      configurationId,
      businessDate: BUSINESS_DATE,
      source: settlementFileAt(file),
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (result.status !== 'COMPLETED') throw new Error(`the run failed: ${result.error ?? ''}`);
    process.stdout.write(
      `${JSON.stringify({
        lines: result.totalLines,
        durationMs: result.durationMs,
        peakRssMb: Math.round(peakRss / 104_857.6) / 10,
        linesPerSecond: Math.round((result.totalLines * 1000) / result.durationMs),
        baselineRssMb: Math.round(baselineRssMb * 10) / 10,
        matched: result.matched,
        mismatched: result.mismatched,
      })}\n`,
    );
  } finally {
    await dataSource?.destroy();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reconciliation-million: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
