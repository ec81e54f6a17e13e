import { Injectable } from '@nestjs/common';
import { ReadModelDatabase } from '../shared/read-model-database';
import { RUN_COLUMNS, type RunRow } from './reconciliation-views';

/** Reads one of a tenant's reconciliation runs (another tenant's run is simply not found). */
@Injectable()
export class RunReader {
  constructor(private readonly database: ReadModelDatabase) {}

  async find(tenantId: string, runId: string): Promise<RunRow | null> {
    const rows = await this.database.read<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM reconciliation_runs WHERE id = $1 AND tenant_id = $2`,
      [runId, tenantId],
    );
    return rows[0] ?? null;
  }
}
