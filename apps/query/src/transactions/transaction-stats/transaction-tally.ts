import type { CurrencyAmount, GatewayTally, TransactionStatsReply, TransactionTally } from '@ppm/contracts';
import { CAPTURED_STATUSES, CLOSED_WITHOUT_CAPTURE_STATUSES } from '@ppm/domain';

/** One group of the stats statement: transactions of one status, gateway and currency. */
export interface StatsGroup {
  status: string;
  gatewayType: string;
  currency: string;
  count: bigint;
  amount: bigint;
  refunded: bigint;
}

const CAPTURED = new Set<string>(CAPTURED_STATUSES);
const SETTLED_WITHOUT_CAPTURE = new Set<string>(CLOSED_WITHOUT_CAPTURE_STATUSES);

class Tally {
  count = 0n;
  captured = 0n;
  settled = 0n;
  readonly amounts = new Map<string, bigint>();

  add(group: StatsGroup): void {
    this.count += group.count;
    if (CAPTURED.has(group.status)) this.captured += group.count;
    if (CAPTURED.has(group.status) || SETTLED_WITHOUT_CAPTURE.has(group.status)) this.settled += group.count;
    this.amounts.set(group.currency, (this.amounts.get(group.currency) ?? 0n) + group.amount);
  }

  view(): TransactionTally {
    return { count: safe(this.count), amounts: currencyAmounts(this.amounts) };
  }

  successRate(): number | null {
    return this.settled === 0n ? null : Number(this.captured) / Number(this.settled);
  }
}

/**
 * Folds the groups into the reply. Sums are added as bigint and handed out as integers of minor units; a sum beyond
 * Number.MAX_SAFE_INTEGER (some 9·10^15 minor units in one period) is refused rather than rounded.
 */
export function tallyStats(groups: readonly StatsGroup[], from: Date, to: Date): TransactionStatsReply {
  const total = new Tally();
  const byStatus = new Map<string, Tally>();
  const byGateway = new Map<string, Tally>();
  const refunded = new Map<string, bigint>();
  for (const group of groups) {
    total.add(group);
    tallyOf(byStatus, group.status).add(group);
    tallyOf(byGateway, group.gatewayType).add(group);
    if (group.refunded > 0n) refunded.set(group.currency, (refunded.get(group.currency) ?? 0n) + group.refunded);
  }
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total: total.view(),
    byStatus: sorted(byStatus).map(([status, tally]) => ({ status, ...tally.view() })),
    byGateway: sorted(byGateway).map(([gatewayType, tally]): GatewayTally => ({
      gatewayType,
      ...tally.view(),
      successRate: tally.successRate(),
    })),
    refunded: currencyAmounts(refunded),
    successRate: total.successRate(),
  };
}

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let tally = map.get(key);
  if (!tally) map.set(key, (tally = new Tally()));
  return tally;
}

function currencyAmounts(amounts: Map<string, bigint>): CurrencyAmount[] {
  return [...amounts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => ({ currency, amount: safe(amount) }));
}

function safe(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`A statistic of ${value} exceeds a safe integer`);
  return Number(value);
}
