import type { LayoutOverrides } from '../parsing/settlement-layout';
import type { SettlementSource } from '../sources/settlement-source';

/** What to reconcile: one gateway configuration, one business day (GMT+7), one settlement file. */
export interface ReconciliationRequest {
  configurationId: string;
  businessDate: string;
  source: SettlementSource;
  /** The merchant's deviations from its gateway's file layout. */
  layout?: LayoutOverrides;
  traceId?: string;
  /** The run's id, for a caller that answers with it before the run ends (a new one when absent). */
  runId?: string;
  /** Called as lines are loaded (every batch) and at each phase, for progress displays. */
  onProgress?: (progress: ReconciliationProgress) => void;
}

/** Where a run is. */
export interface ReconciliationProgress {
  phase: 'loading' | 'comparing' | 'applying' | 'done';
  linesRead: number;
}
