import type { RiskAdmission, RiskCounterEntry, RiskCounterKey, RiskCounters, RiskWindowCheck } from './risk-counters';
import { isInWindow } from './sliding-window';

function sameCounter(a: RiskCounterKey, b: RiskCounterKey): boolean {
  return a.kind === b.kind && a.key === b.key && a.value === b.value && a.currency === b.currency;
}

/** Counters in memory with the port's window rule, for the engine's unit tests. */
export class InMemoryRiskCounters implements RiskCounters {
  readonly entries: { tenantId: string; entry: RiskCounterEntry }[] = [];
  reads = 0;

  async admit(
    tenantId: string,
    checks: readonly RiskWindowCheck[],
    entries: readonly RiskCounterEntry[],
    now: Date,
  ): Promise<RiskAdmission> {
    this.reads += 1;
    const totals = checks.map((check) =>
      this.entries
        .filter(
          (stored) =>
            stored.tenantId === tenantId &&
            sameCounter(stored.entry, check) &&
            isInWindow(stored.entry.at, now, check.windowSeconds),
        )
        .reduce((total, stored) => total + stored.entry.quantity, 0n),
    );
    const refused = checks.some((check, i) => check.refuses && totals[i] >= check.hitFrom);
    if (!refused) await this.record(tenantId, entries);
    return { totals, recorded: !refused };
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
