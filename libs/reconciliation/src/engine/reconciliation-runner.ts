import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { gatewayCapabilities, gmt7DayStart } from '@ppm/gateways';
import { SettlementFormatError } from '../parsing/settlement-parser';
import { SettlementSourceError } from '../sources/settlement-source.error';
import type { ReconciliationMetrics } from './reconciliation-metrics';
import type { ReconciliationProgress, ReconciliationRequest } from './reconciliation-request';
import {
  completedResult,
  failedResult,
  type OutcomeTotalsRow,
  type ReconciliationResult,
} from './reconciliation-result';
import { ReconciliationRunRecorder } from './reconciliation-run-recorder';
import {
  CLASSIFY_PAYMENT_LINES,
  CLASSIFY_REFUND_LINES,
  INDEX_STAGING,
  OUTCOME_TOTALS,
  PAYMENTS_MISSING_IN_SETTLEMENT,
  REFUNDS_MISSING_IN_SETTLEMENT,
} from './reconciliation-sql';
import { ReconciliationTargetError } from './reconciliation-target.error';
import type { SettledPaymentApplier } from './settled-payment-applier';
import { SettledPaymentItems } from './settled-payment-items';
import { SettlementLoader, type LoadCounts, type ReconciledConfiguration } from './settlement-loader';

/**
 * Runs a reconciliation: streams the settlement file into a per-run temp table in batches (bounded memory), lets
 * Postgres classify every line and every PPM transaction of the day in a few set-based statements, and records the
 * run, its items and its events (`ppm.reconciliation.mismatch-detected.v1`, `ppm.reconciliation.completed.v1`)
 * in one transaction that also supersedes the day's earlier run (kept, marked SUPERSEDED). Then each settled
 * payment PPM holds as closed (a late capture) or in flight goes to the command service through `applier`,
 * idempotently, and its item records what that did. A run that fails is recorded as FAILED with its error.
 * Shared by the worker's daily job and the CLI.
 */
export class ReconciliationRunner {
  private readonly logger = new Logger(ReconciliationRunner.name);
  private readonly loader: SettlementLoader;
  private readonly recorder: ReconciliationRunRecorder;
  private readonly settledPayments: SettledPaymentItems | null;

  constructor(
    private readonly dataSource: DataSource,
    applier: SettledPaymentApplier | null,
    private readonly metrics: ReconciliationMetrics | null = null,
  ) {
    this.loader = new SettlementLoader(dataSource);
    this.recorder = new ReconciliationRunRecorder(dataSource);
    this.settledPayments = applier ? new SettledPaymentItems(dataSource, applier) : null;
  }

  async run(request: ReconciliationRequest): Promise<ReconciliationResult> {
    const started = performance.now();
    const { businessDate } = request;
    const dayStart = gmt7DayStart(businessDate)?.getTime();
    if (dayStart === undefined) {
      throw new ReconciliationTargetError(`businessDate ${businessDate} is not a date yyyy-mm-dd`, 'VALIDATION_ERROR');
    }
    const configuration = await this.loader.configuration(request.configurationId);
    const runId = request.runId ?? randomUUID();
    const counts: LoadCounts = { lines: 0, rejected: 0, rejections: [] };
    const progress = (phase: ReconciliationProgress['phase']): void =>
      request.onProgress?.({ phase, linesRead: counts.lines + counts.rejected });

    let result: ReconciliationResult;
    let chunks: AsyncIterable<Buffer> | null = null;
    try {
      chunks = await request.source.open();
      result = await this.compare(runId, configuration, request, chunks, counts, dayStart, progress);
    } catch (error) {
      // A run that failed before reading the whole file must not leave its file or download open.
      (chunks as { destroy?: () => void } | null)?.destroy?.();
      const message = runError(error, runId);
      this.logger.warn(
        { runId, configurationId: configuration.id, err: error, detail: (error as { detail?: unknown }).detail },
        'reconciliation run failed',
      );
      await this.recorder.fail(runId, configuration, request, counts, message);
      result = failedResult(runId, configuration, request, counts, message);
    }
    if (result.status === 'COMPLETED') {
      progress('applying');
      await this.settledPayments?.apply(result, configuration);
    }
    result.durationMs = Math.round(performance.now() - started);
    await this.recorder.recordDuration(runId, result.durationMs);
    this.metrics?.ran(
      configuration.gateway_type,
      result.status,
      result.durationMs / 1000,
      { parsed: counts.lines, rejected: counts.rejected },
      result.outcomes,
    );
    progress('done');
    return result;
  }

  /** Loads the file and classifies it against PPM's day in one transaction that also completes the run. */
  private async compare(
    runId: string,
    configuration: ReconciledConfiguration,
    request: ReconciliationRequest,
    chunks: AsyncIterable<Buffer>,
    counts: LoadCounts,
    dayStart: number,
    progress: (phase: ReconciliationProgress['phase']) => void,
  ): Promise<ReconciliationResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await this.recorder.open(runner, runId, configuration, request);
      await this.loader.load(runner, configuration.gateway_type, request, chunks, counts, progress);
      progress('comparing');
      for (const statement of INDEX_STAGING) await runner.query(statement);
      const lineParams = [runId, configuration.tenant_id, configuration.gateway_type, configuration.id];
      const dayParams = [...lineParams, new Date(dayStart), new Date(dayStart + 86_400_000)];
      const reportedIn = gatewayCapabilities(configuration.gateway_type).reportsIn;
      await runner.query(CLASSIFY_PAYMENT_LINES, [...lineParams, reportedIn]);
      await runner.query(CLASSIFY_REFUND_LINES, [...lineParams, reportedIn]);
      await runner.query(PAYMENTS_MISSING_IN_SETTLEMENT, dayParams);
      await runner.query(REFUNDS_MISSING_IN_SETTLEMENT, dayParams);
      const totals = (await runner.query(OUTCOME_TOTALS, [runId])) as OutcomeTotalsRow[];
      const result = completedResult(runId, configuration, request, counts, totals);
      await this.recorder.complete(runner, result, counts, request.traceId ?? runId);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * What a failed run says to the tenant: PPM's own words for failures it knows (with at most an HTTP status), a
 * pointer to the logs for anything else. Text from the settlement source never reaches the run: a source that
 * is not the gateway (or a database error quoting a cell) could otherwise be read through it.
 */
function runError(error: unknown, runId: string): string {
  if (
    error instanceof SettlementSourceError ||
    error instanceof SettlementFormatError ||
    error instanceof ReconciliationTargetError
  ) {
    return error.message;
  }
  return `the run failed on an internal error; operators find it in the logs under run ${runId}`;
}
