// `npm run ppm -- reconcile …`: reconciles one gateway configuration's business day (GMT+7) against a settlement
// file, with the same engine as the worker's daily job, and prints a summary.
import { DataSource } from 'typeorm';
import { GatewayUrlAllowlist, gatewayUrlSettingsOf, WithGatewayAllowlist } from '@ppm/gateways';
import { natsCredentialsFromEnv, NatsRequester } from '@ppm/messaging';
import { loadConfig, ServiceConfig } from '@ppm/observability';
import {
  NatsSettledPaymentApplier,
  ReconciliationRunner,
  ReconciliationTargetError,
  dailySettlementSource,
  settlementSourceAt,
  type LayoutOverrides,
  type ReconciliationResult,
  type SettledPaymentApplier,
  WithSettlementSource,
} from '@ppm/reconciliation';
import { command, type OptionValues } from '../cli/command';
import { wholeNumber } from '../cli/option-values';
import { print, printTable } from '../cli/output';
import { UsageError } from '../cli/usage-error';
import { cliEnvironment } from '../cli-environment';

/** The worker's settings its daily job reads too: the source template, the default host and the outbound allowlist. */
class ReconcileConfig extends WithSettlementSource(WithGatewayAllowlist(ServiceConfig)) {}

const OPTIONS = {
  config: { type: 'string', help: "the gateway configuration's id" },
  date: { type: 'string', help: 'the business day, yyyy-mm-dd (GMT+7)' },
  file: { type: 'string', help: 'the settlement file (default the daily export at RECONCILIATION_SOURCE_TEMPLATE)' },
  url: { type: 'string', help: "the settlement file's URL, instead of --file" },
  columns: { type: 'string', help: `the file's column names as JSON, e.g. '{"reference":"OrderRef","amount":"Amt"}'` },
  'units-per-minor': { type: 'string', help: "how many of the file's amount units make one minor unit" },
  'no-apply': { type: 'boolean', help: 'record settled payments PPM missed without applying them' },
} as const;
type Options = OptionValues<typeof OPTIONS>;

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm';
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

function layoutOf(options: Options): LayoutOverrides {
  const layout: LayoutOverrides = {};
  const columns = options.columns;
  if (columns !== undefined) {
    try {
      layout.columns = JSON.parse(columns) as LayoutOverrides['columns'];
    } catch {
      throw new UsageError(`--columns must be JSON like '{"reference":"OrderRef","amount":"Amt"}'`);
    }
  }
  const units = wholeNumber(options['units-per-minor'], 'units-per-minor', 1);
  if (units !== undefined) layout.amountUnitsPerMinor = units;
  return layout;
}

/** The command service applies late captures; without it the run still records them, for a re-run to apply. */
async function applierOf(
  options: Options,
): Promise<{ applier: SettledPaymentApplier | null; close: () => Promise<void> }> {
  if (options['no-apply']) return { applier: null, close: () => Promise.resolve() };
  try {
    // Applying what the settlement file proves settles money: the worker's to do (its reconciliation job), so the
    // CLI presents the worker's NATS user (NATS_USER / NATS_PASSWORD or NATS_CREDS_FILE; its development one by default).
    const nats = await NatsRequester.connect({
      url: NATS_URL,
      name: 'ppm-cli-reconcile',
      requestTimeoutMs: 30_000,
      credentials: natsCredentialsFromEnv('worker'),
    });
    return { applier: new NatsSettledPaymentApplier(nats), close: () => nats.onApplicationShutdown() };
  } catch (error) {
    process.stderr.write(
      `warning: NATS at ${NATS_URL} unreachable (${(error as Error).message}): settled payments PPM missed are ` +
        `recorded but not applied; run again once the command service is up\n`,
    );
    return { applier: null, close: () => Promise.resolve() };
  }
}

/** Runs the reconciliation; exits non-zero (by throwing) when the run failed. */
export const reconcileCommand = command({
  name: 'reconcile',
  summary: "reconciles a gateway configuration's business day (GMT+7) against its settlement file",
  synopsis:
    "--config <id> --date <yyyy-mm-dd> [--file <path>|--url <url>] [--columns '<json>'] [--units-per-minor N] [--no-apply]",
  details: 'Prints the outcome counts and totals; exits 1 when the run failed.',
  options: OPTIONS,
  run: reconcile,
});

async function reconcile(options: Options): Promise<void> {
  const { config: configurationId, date: businessDate, file, url } = options;
  if (!configurationId || !businessDate) throw new UsageError('--config and --date are required');
  if (file && url) throw new UsageError('give --file or --url, not both');
  const layout = layoutOf(options);
  const config = loadConfig(ReconcileConfig, cliEnvironment());
  const urls = new GatewayUrlAllowlist(gatewayUrlSettingsOf(config));

  const dataSource = await new DataSource({
    type: 'postgres',
    url: DATABASE_URL,
    applicationName: 'ppm-cli-reconcile',
  }).initialize();
  const { applier, close } = await applierOf(options);
  try {
    const location = file ?? url;
    const source = location
      ? settlementSourceAt(location, urls.forOperatorUrls())
      : await dailySettlementSource(dataSource, configurationId, businessDate, {
          template: config.RECONCILIATION_SOURCE_TEMPLATE,
          defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
          urls,
        });
    print(`reconciling ${configurationId} for ${businessDate} from ${source.location}`);
    let shown = 0;
    const result = await new ReconciliationRunner(dataSource, applier).run({
      configurationId,
      businessDate,
      source,
      layout,
      onProgress: ({ phase, linesRead }) => {
        if (phase === 'loading' && linesRead - shown < 50_000 && linesRead > 0) return;
        shown = linesRead;
        process.stderr.write(`… ${phase}: ${linesRead} lines read\n`);
      },
    });
    summarize(result);
    if (result.status === 'FAILED') throw new Error(`the run failed: ${result.error ?? 'unknown error'}`);
  } catch (error) {
    if (error instanceof ReconciliationTargetError) throw new UsageError(error.message);
    throw error;
  } finally {
    await close();
    await dataSource.destroy();
  }
}

function summarize(result: ReconciliationResult): void {
  print();
  print(`run ${result.runId}: ${result.status} in ${result.durationMs} ms`);
  printTable(
    [
      ['OUTCOME', (r: [string, number]) => r[0]],
      ['ITEMS', (r: [string, number]) => r[1]],
    ],
    Object.entries(result.outcomes).sort(([a], [b]) =>
      a === 'MATCHED' ? -1 : b === 'MATCHED' ? 1 : a.localeCompare(b),
    ),
  );
  print();
  printTable(
    [
      ['LINES', (r: ReconciliationResult) => r.totalLines],
      ['REJECTED', (r: ReconciliationResult) => r.rejectedLines],
      ['MATCHED', (r: ReconciliationResult) => r.matched],
      ['MISMATCHED', (r: ReconciliationResult) => r.mismatched],
      ['SETTLEMENT TOTAL', (r: ReconciliationResult) => r.settlementTotal],
      ['PPM TOTAL', (r: ReconciliationResult) => r.ppmTotal],
      ['FEES', (r: ReconciliationResult) => r.feeTotal],
      ['NET', (r: ReconciliationResult) => r.netTotal],
    ],
    [result],
  );
  if (result.supersededRunIds.length > 0) print(`superseded: ${result.supersededRunIds.join(', ')}`);
  if (result.settledPaymentsApplied + result.settledPaymentsFailed > 0) {
    print(
      `settled payments sent to the command service: ${result.settledPaymentsApplied} applied, ` +
        `${result.settledPaymentsFailed} refused or unanswered`,
    );
  }
  for (const rejected of result.rejections.slice(0, 20)) print(`line ${rejected.lineNumber}: ${rejected.reason}`);
  if (result.rejections.length > 20) print(`… and ${result.rejectedLines - 20} more rejected lines`);
}
