import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { EventTypes, type EventEnvelope } from '@ppm/contracts';
import { OutboxWriter } from '@ppm/persistence';
import type { ReconciliationRequest } from './reconciliation-request';
import type { ReconciliationResult } from './reconciliation-result';
import type { LoadCounts, ReconciledConfiguration } from './settlement-loader';

/** Mismatches listed in the mismatch-detected event (all are counted; the run has them all). */
const MAX_MISMATCHES_IN_EVENT = 100;

/**
 * Keeps the record of reconciliation runs: the run's row from RUNNING to COMPLETED (superseding the day's earlier
 * run, kept and marked SUPERSEDED) with its events in the outbox in the same transaction, or a FAILED row with
 * the error a failed run reports.
 */
export class ReconciliationRunRecorder {
  private readonly outbox = new OutboxWriter();

  constructor(private readonly dataSource: DataSource) {}

  /** Opens the run's row inside `runner`'s transaction, once no other run of its configuration and day is going. */
  async open(
    runner: QueryRunner,
    runId: string,
    configuration: ReconciledConfiguration,
    request: ReconciliationRequest,
  ): Promise<void> {
    // One run per configuration and day at a time: a concurrent re-run waits, then supersedes this one.
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('ppm-reconciliation'), hashtext($1))`, [
      `${configuration.id}/${request.businessDate}`,
    ]);
    await runner.query(
      `INSERT INTO reconciliation_runs (id, tenant_id, payment_gateway_id, gateway_type, business_date, status, source)
       VALUES ($1, $2, $3, $4, $5, 'RUNNING', $6)`,
      runIdentity(runId, configuration, request),
    );
  }

  /**
   * Completes the run inside `runner`'s transaction: supersedes the day's earlier runs (their ids go on `result`),
   * stores the figures and appends the run's events to the outbox.
   */
  async complete(
    runner: QueryRunner,
    result: ReconciliationResult,
    counts: LoadCounts,
    traceId: string,
  ): Promise<void> {
    result.supersededRunIds = await this.supersede(runner, result);
    await runner.query(
      `UPDATE reconciliation_runs
          SET status = 'COMPLETED', total_lines = $2, matched = $3, mismatched = $4, settlement_total = $5,
              ppm_total = $6, fee_total = $7, net_total = $8, outcome_counts = $9::jsonb, rejected_lines = $10,
              rejections = $11::jsonb, completed_at = now(), version = version + 1
        WHERE id = $1`,
      [
        result.runId,
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
    await this.outbox.append(runner.manager, await this.events(runner, result, traceId));
  }

  /** Records a run that failed; its transaction, if it had one, rolled back with everything it wrote. */
  async fail(
    runId: string,
    configuration: ReconciledConfiguration,
    request: ReconciliationRequest,
    counts: LoadCounts,
    error: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reconciliation_runs (id, tenant_id, payment_gateway_id, gateway_type, business_date, status, source,
                                        total_lines, rejected_lines, completed_at, error)
       VALUES ($1, $2, $3, $4, $5, 'FAILED', $6, $7, $8, now(), $9)`,
      [
        ...runIdentity(runId, configuration, request),
        counts.lines + counts.rejected,
        counts.rejected,
        error.slice(0, 2_000),
      ],
    );
  }

  async recordDuration(runId: string, durationMs: number): Promise<void> {
    await this.dataSource.query(`UPDATE reconciliation_runs SET duration_ms = $2 WHERE id = $1`, [runId, durationMs]);
  }

  private async supersede(runner: QueryRunner, result: ReconciliationResult): Promise<string[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = (await runner.query(
      `UPDATE reconciliation_runs SET status = 'SUPERSEDED', superseded_by = $3, version = version + 1
        WHERE payment_gateway_id = $1 AND business_date = $2 AND id <> $3 AND status IN ('COMPLETED', 'FAILED')
        RETURNING id`,
      [result.configurationId, result.businessDate, result.runId],
    )) as [{ id: string }[], number];
    return rows.map((row) => row.id);
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
}

// What names a run, in the column order both of its INSERTs start with.
function runIdentity(runId: string, configuration: ReconciledConfiguration, request: ReconciliationRequest): unknown[] {
  return [
    runId,
    configuration.tenant_id,
    configuration.id,
    configuration.gateway_type,
    request.businessDate,
    request.source.location,
  ];
}
