import type { RiskCounterEntry, RiskCounterKey, RiskCounters, RiskWindowReading } from './risk-counters';
import { isInWindow } from './sliding-window';

function sameCounter(a: RiskCounterKey, b: RiskCounterKey): boolean {
  return a.kind === b.kind && a.key === b.key && a.value === b.value && a.currency === b.currency;
}

/** Counters in memory with the port's window rule, for the engine's unit tests. */
export class InMemoryRiskCounters implements RiskCounters {
  readonly entries: { tenantId: string; entry: RiskCounterEntry }[] = [];
  reads = 0;

  totals(tenantId: string, readings: readonly RiskWindowReading[], now: Date): Promise<readonly bigint[]> {
    this.reads += 1;
    return Promise.resolve(
      readings.map((reading) =>
        this.entries
          .filter(
            (stored) =>
              stored.tenantId === tenantId &&
              sameCounter(stored.entry, reading) &&
              isInWindow(stored.entry.at, now, reading.windowSeconds),
          )
          .reduce((total, stored) => total + stored.entry.quantity, 0n),
      ),
    );
  }

  record(tenantId: string, entries: readonly RiskCounterEntry[]): Promise<void> {
    for (const entry of entries) {
      const known = this.entries.some(
        (stored) => stored.tenantId === tenantId && sameCounter(stored.entry, entry) && stored.entry.id === entry.id,
      );
      if (!known) this.entries.push({ tenantId, entry });
    }
    return Promise.resolve();
  }
}
