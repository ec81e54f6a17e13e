// `npm run ppm -- reconcile --config <id> --date <yyyy-mm-dd> [--file <path>|--url <url>] [--columns '<json>']
//   [--units-per-minor N] [--no-apply]`: reconciles one gateway configuration's business day (GMT+7) against a
// settlement file, with the same engine as the worker's daily job, and prints a summary.
import { DataSource } from 'typeorm';
import { GatewayUrlAllowlist, gatewayUrlSettingsOf } from '@ppm/gateways';
import { natsCredentialsFromEnv, NatsRequester } from '@ppm/messaging';
import { loadConfig } from '@ppm/observability';
import {
  NatsSettledPaymentApplier,
  ReconciliationRunner,
  ReconciliationTargetError,
  dailySettlementSource,
  settlementSourceAt,
  type LayoutOverrides,
  type ReconciliationResult,
  type SettledPaymentApplier,
} from '@ppm/reconciliation';
import { WorkerConfig } from '../apps/worker/src/worker.config';
import { cliEnvironment } from './cli-environment';

/** What the CLI's main script lends this command. */
export interface CliKit {
  option(args: string[], name: string): string | undefined;
  flag(args: string[], name: string): boolean;
  usage(message: string): Error;
  print(line?: string): void;
  printTable(columns: readonly [title: string, value: (row: never) => unknown][], rows: readonly unknown[]): void;
}

const USAGE =
  'usage: reconcile --config <id> --date <yyyy-mm-dd> [--file <path>|--url <url>] [--columns <json>] ' +
  '[--units-per-minor N] [--no-apply]';
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/ppm';
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

function layoutOf(args: string[], cli: CliKit): LayoutOverrides {
  const layout: LayoutOverrides = {};
  const columns = cli.option(args, 'columns');
  if (columns !== undefined) {
    try {
      layout.columns = JSON.parse(columns) as LayoutOverrides['columns'];
    } catch {
      throw cli.usage(`--columns must be JSON like '{"reference":"OrderRef","amount":"Amt"}'`);
    }
  }
  const units = cli.option(args, 'units-per-minor');
  if (units !== undefined) {
    const value = Number(units);
    if (!Number.isSafeInteger(value) || value < 1) throw cli.usage('--units-per-minor must be a positive integer');
    layout.amountUnitsPerMinor = value;
  }
  return layout;
}

/** The command service applies late captures; without it the run still records them, for a re-run to apply. */
async function applierOf(
  args: string[],
  cli: CliKit,
): Promise<{ applier: SettledPaymentApplier | null; close: () => Promise<void> }> {
  if (cli.flag(args, 'no-apply')) return { applier: null, close: () => Promise.resolve() };
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
export async function reconcile(args: string[], cli: CliKit): Promise<void> {
  const configurationId = cli.option(args, 'config');
  const businessDate = cli.option(args, 'date');
  if (!configurationId || !businessDate) throw cli.usage(USAGE);
  const file = cli.option(args, 'file');
  const url = cli.option(args, 'url');
  if (file && url) throw cli.usage('give --file or --url, not both');
  const layout = layoutOf(args, cli);
  // The worker's settings: the same source template, default host and outbound allowlist as its daily job.
  const config = loadConfig(WorkerConfig, cliEnvironment());
  const urls = new GatewayUrlAllowlist(gatewayUrlSettingsOf(config));

  const dataSource = await new DataSource({
    type: 'postgres',
    url: DATABASE_URL,
    applicationName: 'ppm-cli-reconcile',
  }).initialize();
  const { applier, close } = await applierOf(args, cli);
  try {
    const location = file ?? url;
    const source = location
      ? settlementSourceAt(location, urls.forOperatorUrls())
      : await dailySettlementSource(dataSource, configurationId, businessDate, {
          template: config.RECONCILIATION_SOURCE_TEMPLATE,
          defaultBaseUrl: config.GATEWAY_DEFAULT_BASE_URL,
          urls,
        });
    cli.print(`reconciling ${configurationId} for ${businessDate} from ${source.location}`);
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
    summarize(result, cli);
    if (result.status === 'FAILED') throw new Error(`the run failed: ${result.error ?? 'unknown error'}`);
  } catch (error) {
    if (error instanceof ReconciliationTargetError) throw cli.usage(error.message);
    throw error;
  } finally {
    await close();
    await dataSource.destroy();
  }
}

function summarize(result: ReconciliationResult, cli: CliKit): void {
  cli.print();
  cli.print(`run ${result.runId}: ${result.status} in ${result.durationMs} ms`);
  cli.printTable(
    [
      ['OUTCOME', (r: [string, number]) => r[0]],
      ['ITEMS', (r: [string, number]) => r[1]],
    ],
    Object.entries(result.outcomes).sort(([a], [b]) =>
      a === 'MATCHED' ? -1 : b === 'MATCHED' ? 1 : a.localeCompare(b),
    ),
  );
  cli.print();
  cli.printTable(
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
  if (result.supersededRunIds.length > 0) cli.print(`superseded: ${result.supersededRunIds.join(', ')}`);
  if (result.settledPaymentsApplied + result.settledPaymentsFailed > 0) {
    cli.print(
      `settled payments sent to the command service: ${result.settledPaymentsApplied} applied, ` +
        `${result.settledPaymentsFailed} refused or unanswered`,
    );
  }
  for (const rejected of result.rejections.slice(0, 20)) cli.print(`line ${rejected.lineNumber}: ${rejected.reason}`);
  if (result.rejections.length > 20) cli.print(`… and ${result.rejectedLines - 20} more rejected lines`);
}
