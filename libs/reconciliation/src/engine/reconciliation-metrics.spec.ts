import { Registry } from 'prom-client';
import { sampleValue } from '@ppm/testing';
import { ReconciliationMetrics } from './reconciliation-metrics';

describe('ReconciliationMetrics', () => {
  it('counts runs by status, lines parsed and rejected, items by outcome, and observes the duration', async () => {
    const registry = new Registry();
    const metrics = new ReconciliationMetrics(registry);

    metrics.ran('MOMO', 'COMPLETED', 2.5, { parsed: 10, rejected: 1 }, { MATCHED: 8, AMOUNT_MISMATCH: 2 });
    metrics.ran('MOMO', 'FAILED', 0.1, { parsed: 0, rejected: 0 }, {});

    const text = await registry.metrics();
    expect(sampleValue(text, 'ppm_reconciliation_runs_total', { gateway: 'MOMO', status: 'COMPLETED' })).toBe(1);
    expect(sampleValue(text, 'ppm_reconciliation_runs_total', { gateway: 'MOMO', status: 'FAILED' })).toBe(1);
    expect(sampleValue(text, 'ppm_reconciliation_lines_total', { gateway: 'MOMO', result: 'parsed' })).toBe(10);
    expect(sampleValue(text, 'ppm_reconciliation_lines_total', { gateway: 'MOMO', result: 'rejected' })).toBe(1);
    expect(sampleValue(text, 'ppm_reconciliation_items_total', { gateway: 'MOMO', outcome: 'AMOUNT_MISMATCH' })).toBe(
      2,
    );
    expect(
      sampleValue(text, 'ppm_reconciliation_duration_seconds_count', { gateway: 'MOMO', status: 'COMPLETED' }),
    ).toBe(1);
  });
});
