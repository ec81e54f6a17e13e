import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Prometheus metrics of reconciliation runs: runs by status, settlement lines read (and rejected), items by
 * outcome, and run duration. Registered once per registry (a worker and a CLI each have their own).
 */
export class ReconciliationMetrics {
  private readonly runs: Counter<'gateway' | 'status'>;
  private readonly lines: Counter<'gateway' | 'result'>;
  private readonly items: Counter<'gateway' | 'outcome'>;
  private readonly duration: Histogram<'gateway' | 'status'>;

  constructor(registry: Registry) {
    this.runs = new Counter({
      name: 'ppm_reconciliation_runs_total',
      help: 'Reconciliation runs, per gateway and how they ended (COMPLETED, FAILED)',
      labelNames: ['gateway', 'status'],
      registers: [registry],
    });
    this.lines = new Counter({
      name: 'ppm_reconciliation_lines_total',
      help: 'Settlement lines read by reconciliation runs, per gateway: parsed or rejected (unreadable)',
      labelNames: ['gateway', 'result'],
      registers: [registry],
    });
    this.items = new Counter({
      name: 'ppm_reconciliation_items_total',
      help: 'Reconciliation items per gateway and outcome (MATCHED and each kind of mismatch)',
      labelNames: ['gateway', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ppm_reconciliation_duration_seconds',
      help: 'Duration of reconciliation runs (download, parse, load, compare, record), per gateway and status',
      labelNames: ['gateway', 'status'],
      buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    });
  }

  /** Records one finished run. */
  ran(
    gateway: string,
    status: 'COMPLETED' | 'FAILED',
    seconds: number,
    lines: { parsed: number; rejected: number },
    outcomes: Readonly<Record<string, number>>,
  ): void {
    this.runs.inc({ gateway, status });
    this.duration.observe({ gateway, status }, seconds);
    if (lines.parsed > 0) this.lines.inc({ gateway, result: 'parsed' }, lines.parsed);
    if (lines.rejected > 0) this.lines.inc({ gateway, result: 'rejected' }, lines.rejected);
    for (const [outcome, count] of Object.entries(outcomes)) if (count > 0) this.items.inc({ gateway, outcome }, count);
  }
}
