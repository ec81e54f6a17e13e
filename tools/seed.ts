// `npm run seed -- --rows 1000000 --tenants 50 [--days 365] [--batch 10000] [--seed 42]`: fills DATABASE_URL
// with a realistic read-model data set for tests and benchmarks: tenants (a few large, many small), three gateway
// configurations each, payments over the last `days` in every status with their attempts, and refunds. Batches of
// multi-row INSERTs (one `unnest` of arrays per table), progress on stdout, ANALYZE at the end. Seeded
// configurations carry no usable credentials: they are for reading, not for paying.
import { Client } from 'pg';
import { command } from './cli/command';
import { runProgram } from './cli/command-line';
import { wholeNumber } from './cli/option-values';
import { ColumnBatch, timestamp, type Column } from './seed/column-batch';
import { Dice } from './seed/dice';
import type { SqlRunner } from './seed/sql-runner';

export type { SqlRunner } from './seed/sql-runner';

/** How much to seed. */
export interface SeedOptions {
  rows: number;
  tenants: number;
  /** Payments are created over this many days before now. */
  days: number;
  batchSize: number;
  /** Seed of the pseudo-random generator: the same seed gives the same data set (in an empty database). */
  seed: number;
}

/** What was seeded. */
export interface SeedSummary {
  tenantIds: string[];
  transactions: number;
  attempts: number;
  refunds: number;
}

const DEFAULTS: SeedOptions = { rows: 100_000, tenants: 10, days: 365, batchSize: 10_000, seed: Date.now() % 2 ** 31 };

const GATEWAYS = [
  { type: 'VNPAY', weight: 0.45, methods: ['ATM_CARD', 'QR_CODE', 'INTERNATIONAL_CARD', 'BANK_TRANSFER'] },
  { type: 'MOMO', weight: 0.35, methods: ['E_WALLET', 'QR_CODE'] },
  { type: 'ZALOPAY', weight: 0.2, methods: ['E_WALLET', 'QR_CODE', 'ATM_CARD'] },
] as const;

const STATUSES: readonly (readonly [string, number])[] = [
  ['SUCCEEDED', 0.55],
  ['FAILED', 0.12],
  ['PROCESSING', 0.08],
  ['EXPIRED', 0.07],
  ['CANCELLED', 0.05],
  ['PARTIALLY_REFUNDED', 0.05],
  ['REFUNDED', 0.04],
  ['PENDING', 0.04],
];

const SOURCES: readonly (readonly [string, number])[] = [
  ['orders', 0.5],
  ['subscriptions', 0.25],
  ['billing', 0.15],
  ['marketplace', 0.1],
];

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED']);

const TRANSACTION_COLUMNS: readonly Column[] = [
  ['id', 'uuid'],
  ['tenant_id', 'uuid'],
  ['amount', 'bigint'],
  ['currency', 'text'],
  ['payment_method_type', 'text'],
  ['status', 'text'],
  ['initiated_by_user_id', 'text'],
  ['source_bounded_context', 'text'],
  ['source_transaction_id', 'text'],
  ['payment_gateway_id', 'uuid'],
  ['gateway_type', 'text'],
  ['gateway_reference', 'text'],
  ['gateway_transaction_id', 'text'],
  ['description', 'text'],
  ['expires_at', 'timestamptz'],
  ['refunded_amount', 'bigint'],
  ['failure_code', 'text'],
  ['failure_reason', 'text'],
  ['version', 'integer'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
];

const ATTEMPT_COLUMNS: readonly Column[] = [
  ['id', 'uuid'],
  ['tenant_id', 'uuid'],
  ['payment_transaction_id', 'uuid'],
  ['attempt_number', 'integer'],
  ['gateway_type', 'text'],
  ['gateway_request_id', 'text'],
  ['status', 'text'],
  ['failure_code', 'text'],
  ['failure_reason', 'text'],
  ['created_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
];

const REFUND_COLUMNS: readonly Column[] = [
  ['id', 'uuid'],
  ['tenant_id', 'uuid'],
  ['payment_transaction_id', 'uuid'],
  ['amount', 'bigint'],
  ['currency', 'text'],
  ['status', 'text'],
  ['reason', 'text'],
  ['gateway_refund_id', 'text'],
  ['gateway_request_id', 'text'],
  ['refund_date', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

interface Tenant {
  id: string;
  weight: number;
  configurations: Record<string, string>;
}

/**
 * Seeds `options.rows` payments over `options.tenants` new tenants (tenant i gets a share proportional to
 * 1/(i+1): a few large tenants and a long tail), with their gateway configurations, attempts and refunds.
 */
export async function seedPaymentData(
  db: SqlRunner,
  options: Partial<SeedOptions> = {},
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SeedSummary> {
  const settings = { ...DEFAULTS, ...options };
  const dice = new Dice(settings.seed);
  const tenants = await seedTenants(db, dice, settings.tenants);
  const totalWeight = tenants.reduce((sum, tenant) => sum + tenant.weight, 0);
  const tenantDice = tenants.map((tenant) => [tenant, tenant.weight / totalWeight] as const);

  const transactions = new ColumnBatch(TRANSACTION_COLUMNS);
  const attempts = new ColumnBatch(ATTEMPT_COLUMNS);
  const refunds = new ColumnBatch(REFUND_COLUMNS);
  const summary: SeedSummary = { tenantIds: tenants.map((t) => t.id), transactions: 0, attempts: 0, refunds: 0 };
  const nowMicros = Date.now() * 1000;
  const spanMicros = settings.days * 86_400_000_000;

  for (let done = 0; done < settings.rows;) {
    const size = Math.min(settings.batchSize, settings.rows - done);
    for (let i = 0; i < size; i += 1) {
      const tenant = dice.weighted(tenantDice);
      const gateway = dice.weighted(GATEWAYS.map((g) => [g, g.weight] as const));
      const status = dice.weighted(STATUSES);
      const id = dice.uuid();
      const amount = Math.round(Math.exp(9.2 + dice.next() * 6.2) / 1000) * 1000 || 1000; // ~10k to ~5M VND
      const created = nowMicros - Math.floor(dice.next() * spanMicros);
      const opened = created + dice.int(200_000, 3_000_000);
      const closed = FINAL.has(status) ? opened + dice.int(20_000_000, 900_000_000) : null;
      const refunded = status === 'REFUNDED' ? amount : status === 'PARTIALLY_REFUNDED' ? partOf(amount, dice) : 0;
      const refusedAtGateway = status === 'FAILED' && dice.next() < 0.4;
      const captured = ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(status);
      const reference = `SEED${id.replace(/-/g, '').slice(0, 20)}`;
      const version = status === 'PENDING' ? 1 : (FINAL.has(status) ? 3 : 2) + (refunded > 0 ? 2 : 0);
      const refundedAt = refunded > 0 && closed !== null ? closed + dice.int(3_600_000_000, 7 * 86_400_000_000) : null;
      const updated = refundedAt ?? closed ?? (status === 'PENDING' ? created : opened);
      transactions.add([
        id,
        tenant.id,
        amount,
        'VND',
        dice.pick(gateway.methods),
        status,
        dice.next() < 0.3 ? `user-${dice.int(1, 200)}` : null,
        dice.weighted(SOURCES),
        dice.uuid(),
        tenant.configurations[gateway.type],
        gateway.type,
        reference,
        captured ? `${gateway.type.slice(0, 2)}${dice.int(10_000_000, 99_999_999)}` : null,
        `Seeded payment ${summary.transactions + i + 1}`,
        timestamp(created + 15 * 60_000_000),
        refunded,
        status === 'FAILED' ? (refusedAtGateway ? 'GATEWAY_ERROR' : 'resultCode=1006') : null,
        status === 'FAILED' ? (refusedAtGateway ? 'The gateway refused the order' : 'Declined by the customer') : null,
        version,
        timestamp(created),
        timestamp(updated),
        closed === null ? null : timestamp(closed),
      ]);
      attempts.add([
        dice.uuid(),
        tenant.id,
        id,
        1,
        gateway.type,
        reference,
        status === 'PENDING' ? 'PENDING' : refusedAtGateway ? 'FAILED' : 'SUCCEEDED',
        refusedAtGateway ? 'GATEWAY_ERROR' : null,
        refusedAtGateway ? 'The gateway refused the order' : null,
        timestamp(created + 1000),
        status === 'PENDING' ? null : timestamp(opened),
      ]);
      if (refundedAt !== null) {
        refunds.add([
          dice.uuid(),
          tenant.id,
          id,
          refunded,
          'VND',
          'SUCCEEDED',
          status === 'REFUNDED' ? 'Order cancelled' : 'Item returned',
          `RF${dice.int(10_000_000, 99_999_999)}`,
          `SEEDRF${dice.uuid().replace(/-/g, '')}`,
          timestamp(refundedAt),
          timestamp(refundedAt - 2_000_000),
          timestamp(refundedAt),
        ]);
        summary.refunds += 1;
      }
    }
    summary.attempts += attempts.size;
    await db.query('BEGIN');
    try {
      await transactions.insert(db, 'payment_transactions');
      await attempts.insert(db, 'payment_attempts');
      await refunds.insert(db, 'refunds');
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
    done += size;
    summary.transactions = done;
    onProgress(done, settings.rows);
  }
  return summary;
}

function partOf(amount: number, dice: Dice): number {
  const part = Math.floor((amount * (0.1 + dice.next() * 0.6)) / 1000) * 1000;
  return Math.min(Math.max(part, 1000), amount - 1000) || Math.floor(amount / 2);
}

async function seedTenants(db: SqlRunner, dice: Dice, count: number): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  const configurations = new ColumnBatch([
    ['id', 'uuid'],
    ['tenant_id', 'uuid'],
    ['gateway_type', 'text'],
    ['name', 'text'],
    ['configuration_details', 'jsonb'],
    ['merchant_id', 'text'],
    // text[] per row: the parameter is an array of array literals, each cast back to text[].
    ['supported_payment_methods', 'text', 'text[]'],
    ['is_default', 'boolean'],
  ]);
  for (let i = 0; i < count; i += 1) {
    const tenant: Tenant = { id: dice.uuid(), weight: 1 / (i + 1), configurations: {} };
    for (const gateway of GATEWAYS) {
      const id = dice.uuid();
      tenant.configurations[gateway.type] = id;
      configurations.add([
        id,
        tenant.id,
        gateway.type,
        `Seed ${gateway.type}`,
        JSON.stringify({ seeded: true, note: 'no usable credentials' }),
        `SEED${gateway.type.slice(0, 2)}${String(i).padStart(4, '0')}`,
        `{${gateway.methods.join(',')}}`,
        gateway.type === 'MOMO',
      ]);
    }
    tenants.push(tenant);
  }
  await configurations.insert(db, 'payment_gateway_configurations');
  return tenants;
}

function redacted(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

const seedCommand = command({
  name: 'seed',
  summary: 'fills DATABASE_URL with a realistic read-model data set for tests and benchmarks',
  synopsis: '[--rows N] [--tenants N] [--days N] [--batch N] [--seed N]',
  options: {
    rows: { type: 'string', help: `how many payments (default ${DEFAULTS.rows})` },
    tenants: { type: 'string', help: `over how many tenants (default ${DEFAULTS.tenants})` },
    days: { type: 'string', help: `over how many days before now (default ${DEFAULTS.days})` },
    batch: { type: 'string', help: `payments per INSERT batch (default ${DEFAULTS.batchSize})` },
    seed: { type: 'string', help: 'seed of the pseudo-random generator (default from the clock)' },
  },
  run: (options) =>
    seed({
      rows: wholeNumber(options.rows, 'rows', 0),
      tenants: wholeNumber(options.tenants, 'tenants', 1),
      days: wholeNumber(options.days, 'days', 0),
      batchSize: wholeNumber(options.batch, 'batch', 1),
      seed: wholeNumber(options.seed, 'seed', 0),
    }),
});

async function seed(options: Partial<SeedOptions>): Promise<void> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...DEFAULTS, ...defined };
  const url = process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm';
  const client = new Client({ connectionString: url, application_name: 'ppm-seed' });
  await client.connect();
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `[seed] ${settings.rows} payments over ${settings.tenants} tenants and ${settings.days} days into ${redacted(url)} (seed ${settings.seed})\n`,
  );
  try {
    const summary = await seedPaymentData(client, settings, (done, total) =>
      process.stdout.write(
        `[seed] ${done}/${total} payments (${Math.round((done / total) * 100)} %), ${seconds()} s\n`,
      ),
    );
    process.stdout.write('[seed] ANALYZE\n');
    await client.query('ANALYZE payment_gateway_configurations, payment_transactions, payment_attempts, refunds');
    process.stdout.write(
      `[seed] done in ${seconds()} s: ${summary.transactions} payments, ${summary.attempts} attempts, ` +
        `${summary.refunds} refunds; largest tenant ${summary.tenantIds[0]}\n`,
    );
  } finally {
    await client.end();
  }
}

if (require.main === module) runProgram('seed', seedCommand, process.argv.slice(2));
