import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import { gatewayCapabilities, gmt7DayStart } from '@ppm/gateways';
import { OutboxWriter } from '@ppm/persistence';
import {
  parseSettlement,
  SettlementFormatError,
  type RejectedLine,
  type SettlementLine,
} from '../parsing/settlement-parser';
import type { LayoutOverrides, SettlementGateway } from '../parsing/settlement-layout';
import type { SettlementSource } from '../sources/settlement-source';
import { SettlementSourceError } from '../sources/settlement-source.error';
import type { ReconciliationMetrics } from './reconciliation-metrics';
import {
  CLASSIFY_PAYMENT_LINES,
  CLASSIFY_REFUND_LINES,
  CREATE_STAGING,
  INDEX_STAGING,
  INSERT_STAGING,
  OUTCOME_TOTALS,
  PAYMENTS_MISSING_IN_SETTLEMENT,
  REFUNDS_MISSING_IN_SETTLEMENT,
  SETTLED_PAYMENTS_TO_APPLY,
} from './reconciliation-sql';
import { ReconciliationTargetError } from './reconciliation-target.error';
import type { SettledPaymentApplier } from './settled-payment-applier';

/** Lines per staging INSERT: a few thousand keeps memory flat and round trips few. */
const BATCH_LINES = 5_000;
/** Rejected lines kept on the run (all are counted). */
const MAX_REJECTIONS_KEPT = 1_000;
/** Mismatches listed in the mismatch-detected event (all are counted; the run has them all). */
const MAX_MISMATCHES_IN_EVENT = 100;

/** What to reconcile: one gateway configuration, one business day (GMT+7), one settlement file. */
export interface ReconciliationRequest {
  configurationId: string;
  businessDate: string;
  source: SettlementSource;
  /** The merchant's deviations from its gateway's file layout. */
  layout?: LayoutOverrides;
  traceId?: string;
  /** Called as lines are loaded (every batch) and at each phase, for progress displays. */
  onProgress?: (progress: ReconciliationProgress) => void;
}

/** Where a run is. */
export interface ReconciliationProgress {
  phase: 'loading' | 'comparing' | 'applying' | 'done';
  linesRead: number;
}

/** How a run ended, with its figures (amounts in minor units; refunds count negative in totals). */
export interface ReconciliationResult {
  runId: string;
  tenantId: string;
  configurationId: string;
  gatewayType: string;
  businessDate: string;
  source: string;
  status: 'COMPLETED' | 'FAILED';
  totalLines: number;
  rejectedLines: number;
  rejections: RejectedLine[];
  matched: number;
  mismatched: number;
  outcomes: Record<string, number>;
  settlementTotal: number;
  ppmTotal: number;
  feeTotal: number;
  netTotal: number;
  supersededRunIds: string[];
  settledPaymentsApplied: number;
  settledPaymentsFailed: number;
  durationMs: number;
  error: string | null;
}

interface Configuration {
  id: string;
  tenant_id: string;
  gateway_type: SettlementGateway;
}

interface TotalsRow {
  outcome: string;
  items: number;
  settlement_total: string;
  ppm_total: string;
  fee_total: string;
  net_total: string;
}

interface LoadCounts {
  lines: number;
  rejected: number;
  rejections: RejectedLine[];
}

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
  private readonly outbox = new OutboxWriter();
  private readonly logger = new Logger(ReconciliationRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly applier: SettledPaymentApplier | null,
    private readonly metrics: ReconciliationMetrics | null = null,
  ) {}

  async run(request: ReconciliationRequest): Promise<ReconciliationResult> {
    const started = performance.now();
    const { businessDate } = request;
    const dayStart = gmt7DayStart(businessDate)?.getTime();
    if (dayStart === undefined) {
      throw new ReconciliationTargetError(`businessDate ${businessDate} is not a date yyyy-mm-dd`, 'VALIDATION_ERROR');
    }
    const configuration = await this.configuration(request.configurationId);
    const runId = randomUUID();
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
      await this.recordFailure(runId, configuration, request, counts, message);
      result = this.failed(runId, configuration, request, counts, message);
    }
    if (result.status === 'COMPLETED') {
      progress('applying');
      await this.applySettledPayments(result, configuration);
    }
    result.durationMs = Math.round(performance.now() - started);
    await this.dataSource.query(`UPDATE reconciliation_runs SET duration_ms = $2 WHERE id = $1`, [
      runId,
      result.durationMs,
    ]);
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

  private async configuration(id: string): Promise<Configuration> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const rows: Configuration[] = uuid.test(id)
      ? await this.dataSource.query(
          `SELECT id, tenant_id, gateway_type FROM payment_gateway_configurations WHERE id = $1 AND deleted_at IS NULL`,
          [id],
        )
      : [];
    const found = rows[0];
    if (!found) throw new ReconciliationTargetError(`no gateway configuration ${id}`, 'GATEWAY_CONFIG_NOT_FOUND');
    return found;
  }

  private async compare(
    runId: string,
    configuration: Configuration,
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
      // One run per configuration and day at a time: a concurrent re-run waits, then supersedes this one.
      await runner.query(`SELECT pg_advisory_xact_lock(hashtext('ppm-reconciliation'), hashtext($1))`, [
        `${configuration.id}/${request.businessDate}`,
      ]);
      await runner.query(
        `INSERT INTO reconciliation_runs (id, tenant_id, payment_gateway_id, gateway_type, business_date, status, source)
         VALUES ($1, $2, $3, $4, $5, 'RUNNING', $6)`,
        [
          runId,
          configuration.tenant_id,
          configuration.id,
          configuration.gateway_type,
          request.businessDate,
          request.source.location,
        ],
      );
      await runner.query(CREATE_STAGING);
      progress('loading');
      await this.load(runner, configuration.gateway_type, request, chunks, counts, progress);
      progress('comparing');
      for (const statement of INDEX_STAGING) await runner.query(statement);
      const lineParams = [runId, configuration.tenant_id, configuration.gateway_type, configuration.id];
      const dayParams = [...lineParams, new Date(dayStart), new Date(dayStart + 86_400_000)];
      const reportedIn = gatewayCapabilities(configuration.gateway_type).reportsIn;
      await runner.query(CLASSIFY_PAYMENT_LINES, [...lineParams, reportedIn]);
      await runner.query(CLASSIFY_REFUND_LINES, [...lineParams, reportedIn]);
      await runner.query(PAYMENTS_MISSING_IN_SETTLEMENT, dayParams);
      await runner.query(REFUNDS_MISSING_IN_SETTLEMENT, dayParams);
      const totals = (await runner.query(OUTCOME_TOTALS, [runId])) as TotalsRow[];
      const result = this.completed(runId, configuration, request, counts, totals);
      result.supersededRunIds = await this.supersede(runner, configuration, request.businessDate, runId);
      await runner.query(
        `UPDATE reconciliation_runs
            SET status = 'COMPLETED', total_lines = $2, matched = $3, mismatched = $4, settlement_total = $5,
                ppm_total = $6, fee_total = $7, net_total = $8, outcome_counts = $9::jsonb, rejected_lines = $10,
                rejections = $11::jsonb, completed_at = now(), version = version + 1
          WHERE id = $1`,
        [
          runId,
          result.totalLines,
          result.matched,
          result.mismatched,
          result.settlementTotal,
          result.ppmTotal,
          result.feeTotal,
          result.netTotal,
          JSON.stringify(result.outcomes),
          result.rejectedLines,
          counts.rejections.length > 0 ? JSON.stringify(counts.rejections) : null,
        ],
      );
      await this.outbox.append(runner.manager, await this.events(runner, result, request.traceId ?? runId));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Streams parsed lines into the staging table a batch at a time; the parser waits while a batch is written. */
  private async load(
    runner: QueryRunner,
    gateway: SettlementGateway,
    request: ReconciliationRequest,
    chunks: AsyncIterable<Buffer>,
    counts: LoadCounts,
    progress: (phase: ReconciliationProgress['phase']) => void,
  ): Promise<void> {
    let batch: SettlementLine[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await runner.query(INSERT_STAGING, [
        batch.map((l) => l.lineNumber),
        batch.map((l) => l.kind),
        batch.map((l) => l.reference),
        batch.map((l) => l.gatewayTransactionId),
        batch.map((l) => String(l.amount)),
        batch.map((l) => String(l.fee)),
        batch.map((l) => String(l.netAmount)),
        batch.map((l) => l.currency),
        batch.map((l) => l.settled),
        batch.map((l) => l.status),
        batch.map((l) => l.settledAt?.toISOString() ?? null),
      ]);
      batch = [];
      progress('loading');
    };
    for await (const parsed of parseSettlement(chunks, gateway, request.layout)) {
      if (parsed.ok) {
        counts.lines += 1;
        batch.push(parsed.line);
        if (batch.length >= BATCH_LINES) await flush();
      } else {
        counts.rejected += 1;
        if (counts.rejections.length < MAX_REJECTIONS_KEPT) counts.rejections.push(parsed.rejected);
      }
    }
    await flush();
  }

  private async supersede(
    runner: QueryRunner,
    configuration: Configuration,
    businessDate: string,
    runId: string,
  ): Promise<string[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = (await runner.query(
      `UPDATE reconciliation_runs SET status = 'SUPERSEDED', superseded_by = $3, version = version + 1
        WHERE payment_gateway_id = $1 AND business_date = $2 AND id <> $3 AND status IN ('COMPLETED', 'FAILED')
        RETURNING id`,
      [configuration.id, businessDate, runId],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
  }

  private completed(
    runId: string,
    configuration: Configuration,
    request: ReconciliationRequest,
    counts: LoadCounts,
    totals: readonly TotalsRow[],
  ): ReconciliationResult {
    const outcomes: Record<string, number> = {};
    let settlementTotal = 0;
    let ppmTotal = 0;
    let feeTotal = 0;
    let netTotal = 0;
    for (const row of totals) {
      outcomes[row.outcome] = row.items;
      settlementTotal += Number(row.settlement_total);
      ppmTotal += Number(row.ppm_total);
      feeTotal += Number(row.fee_total);
      netTotal += Number(row.net_total);
    }
    const items = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
    const matched = outcomes['MATCHED'] ?? 0;
    return {
      ...this.failed(runId, configuration, request, counts, null),
      status: 'COMPLETED',
      matched,
      mismatched: items - matched,
      outcomes,
      settlementTotal,
      ppmTotal,
      feeTotal,
      netTotal,
    };
  }

  private failed(
    runId: string,
    configuration: Configuration,
    request: ReconciliationRequest,
    counts: LoadCounts,
    error: string | null,
  ): ReconciliationResult {
    return {
      runId,
      tenantId: configuration.tenant_id,
      configurationId: configuration.id,
      gatewayType: configuration.gateway_type,
      businessDate: request.businessDate,
      source: request.source.location,
      status: 'FAILED',
      totalLines: counts.lines + counts.rejected,
      rejectedLines: counts.rejected,
      rejections: counts.rejections,
      matched: 0,
      mismatched: 0,
      outcomes: {},
      settlementTotal: 0,
      ppmTotal: 0,
      feeTotal: 0,
      netTotal: 0,
      supersededRunIds: [],
      settledPaymentsApplied: 0,
      settledPaymentsFailed: 0,
      durationMs: 0,
      error,
    };
  }

  private async recordFailure(
    runId: string,
    configuration: Configuration,
    request: ReconciliationRequest,
    counts: LoadCounts,
    error: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reconciliation_runs (id, tenant_id, payment_gateway_id, gateway_type, business_date, status, source,
                                        total_lines, rejected_lines, completed_at, error)
       VALUES ($1, $2, $3, $4, $5, 'FAILED', $6, $7, $8, now(), $9)`,
      [
        runId,
        configuration.tenant_id,
        configuration.id,
        configuration.gateway_type,
        request.businessDate,
        request.source.location,
        counts.lines + counts.rejected,
        counts.rejected,
        error.slice(0, 2_000),
      ],
    );
  }

  private async events(
    runner: QueryRunner,
    result: ReconciliationResult,
    traceId: string,
  ): Promise<EventEnvelope<unknown>[]> {
    const envelope = (type: string, data: unknown): EventEnvelope<unknown> => ({
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: result.tenantId,
      aggregateType: 'ReconciliationRun',
      aggregateId: result.runId,
      aggregateVersion: 2,
      traceId,
      correlationId: traceId,
      causationId: null,
      data,
    });
    const summary = {
      runId: result.runId,
      gatewayConfigurationId: result.configurationId,
      gatewayType: result.gatewayType,
      businessDate: result.businessDate,
      totalLines: result.totalLines,
      rejectedLines: result.rejectedLines,
      matched: result.matched,
      mismatched: result.mismatched,
      outcomes: result.outcomes,
      settlementTotal: result.settlementTotal,
      ppmTotal: result.ppmTotal,
      feeTotal: result.feeTotal,
      netTotal: result.netTotal,
      supersededRunIds: result.supersededRunIds,
    };
    const events: EventEnvelope<unknown>[] = [];
    if (result.mismatched > 0 || result.rejectedLines > 0) {
      const mismatches = (await runner.query(
        `SELECT id AS "itemId", outcome, line_number AS "lineNumber", line_type AS "lineType",
                payment_transaction_id AS "paymentTransactionId", refund_id AS "refundId",
                gateway_reference AS "gatewayReference", gateway_transaction_id AS "gatewayTransactionId",
                settlement_amount::float8 AS "settlementAmount", ppm_amount::float8 AS "ppmAmount",
                settlement_status AS "settlementStatus", ppm_status AS "ppmStatus", details->>'reason' AS reason
           FROM reconciliation_items
          WHERE run_id = $1 AND outcome <> 'MATCHED'
          ORDER BY COALESCE(line_number, 2147483647), id
          LIMIT $2`,
        [result.runId, MAX_MISMATCHES_IN_EVENT],
      )) as unknown[];
      events.push(envelope(EventTypes.reconciliationMismatchDetected, { ...summary, mismatches }));
    }
    events.push(envelope(EventTypes.reconciliationCompleted, summary));
    return events;
  }

  /**
   * Settled payments PPM holds as closed or in flight go to the command service, a page at a time. A refusal or
   * an unreachable command service is recorded on the item and leaves the mismatch for a re-run or an operator.
   */
  private async applySettledPayments(result: ReconciliationResult, configuration: Configuration): Promise<void> {
    if (!this.applier) return;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: { id: string; gateway_reference: string; gateway_transaction_id: string; amount: string }[] =
        await this.dataSource.query(SETTLED_PAYMENTS_TO_APPLY, [result.runId, after, 100]);
      for (const item of page) {
        const outcome = await this.applier
          .apply({
            tenantId: configuration.tenant_id,
            gatewayType: configuration.gateway_type,
            gatewayReference: item.gateway_reference,
            gatewayTransactionId: item.gateway_transaction_id || null,
            amount: Number(item.amount),
            runId: result.runId,
            itemId: item.id,
          })
          .catch((error: unknown) => ({
            ok: false as const,
            code: 'INTERNAL_ERROR',
            message: error instanceof Error ? error.message : String(error),
          }));
        if (outcome.ok) result.settledPaymentsApplied += 1;
        else result.settledPaymentsFailed += 1;
        const action = outcome.ok
          ? { type: 'APPLY_GATEWAY_RESULT', effect: outcome.effect, status: outcome.status }
          : { type: 'APPLY_GATEWAY_RESULT', errorCode: outcome.code, error: outcome.message };
        await this.dataSource.query(
          `UPDATE reconciliation_items
              SET details = COALESCE(details, '{}'::jsonb) || jsonb_build_object('action', $2::jsonb,
                                                                                 'actedAt', now())
            WHERE id = $1`,
          [item.id, JSON.stringify(action)],
        );
      }
      const last = page[page.length - 1];
      if (!last || page.length < 100) return;
      after = last.id;
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
