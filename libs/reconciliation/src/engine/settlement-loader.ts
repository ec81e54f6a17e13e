import type { DataSource, QueryRunner } from 'typeorm';
import { parseSettlement, type RejectedLine, type SettlementLine } from '../parsing/settlement-parser';
import type { SettlementGateway } from '../parsing/settlement-layout';
import type { ReconciliationProgress, ReconciliationRequest } from './reconciliation-request';
import { CREATE_STAGING, INSERT_STAGING } from './reconciliation-sql';
import { ReconciliationTargetError } from './reconciliation-target.error';

/** Lines per staging INSERT: a few thousand keeps memory flat and round trips few. */
const BATCH_LINES = 5_000;
/** Rejected lines kept on the run (all are counted). */
const MAX_REJECTIONS_KEPT = 1_000;

/** The gateway configuration a run reconciles. */
export interface ReconciledConfiguration {
  id: string;
  tenant_id: string;
  gateway_type: SettlementGateway;
}

/** What the loader has read so far; a failed run records it too. */
export interface LoadCounts {
  lines: number;
  rejected: number;
  rejections: RejectedLine[];
}

/**
 * Brings a run's inputs into Postgres: finds the gateway configuration it reconciles and streams the settlement
 * file, parsed, into the run's temp staging table in batches, so memory stays bounded whatever the file's size.
 */
export class SettlementLoader {
  constructor(private readonly dataSource: DataSource) {}

  async configuration(id: string): Promise<ReconciledConfiguration> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const rows: ReconciledConfiguration[] = uuid.test(id)
      ? await this.dataSource.query(
          `SELECT id, tenant_id, gateway_type FROM payment_gateway_configurations WHERE id = $1 AND deleted_at IS NULL`,
          [id],
        )
      : [];
    const found = rows[0];
    if (!found) throw new ReconciliationTargetError(`no gateway configuration ${id}`, 'GATEWAY_CONFIG_NOT_FOUND');
    return found;
  }

  /** Streams parsed lines into the staging table a batch at a time; the parser waits while a batch is written. */
  async load(
    runner: QueryRunner,
    gateway: SettlementGateway,
    request: ReconciliationRequest,
    chunks: AsyncIterable<Buffer>,
    counts: LoadCounts,
    progress: (phase: ReconciliationProgress['phase']) => void,
  ): Promise<void> {
    await runner.query(CREATE_STAGING);
    progress('loading');
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
        batch.push(parsed.value);
        if (batch.length >= BATCH_LINES) await flush();
      } else {
        counts.rejected += 1;
        if (counts.rejections.length < MAX_REJECTIONS_KEPT) counts.rejections.push(parsed.error);
      }
    }
    await flush();
  }
}
