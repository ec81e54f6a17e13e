import type { RiskKey } from './risk-rule';

/** Injection token of the `RiskCounters` port. */
export const RISK_COUNTERS = Symbol('RiskCounters');

/**
 * What a counter adds up: payments opened, payments that failed or were blocked (each counts 1), or the amounts
 * of payments opened (minor units, one sum per currency).
 */
export type RiskCounterKind = 'PAYMENTS' | 'FAILURES' | 'AMOUNT';

/** One counter of a tenant: a kind, for one value of a key (and, for amounts, one currency). */
export interface RiskCounterKey {
  readonly kind: RiskCounterKind;
  readonly key: RiskKey;
  /** The key's value in one spelling (a client address as `IpRange` writes it). */
  readonly value: string;
  /** The currency summed; only, and always, for `AMOUNT`. */
  readonly currency?: string;
}

/** The total of one counter over the sliding window of `windowSeconds` ending at the reading's `now`. */
export interface RiskWindowReading extends RiskCounterKey {
  readonly windowSeconds: number;
}

/** Something that happened to a payment, added to one counter. */
export interface RiskCounterEntry extends RiskCounterKey {
  /** Identifies the entry within its counter: recording it again does not count it twice. */
  readonly id: string;
  /** 1 for `PAYMENTS` and `FAILURES`, the minor units for `AMOUNT`. */
  readonly quantity: bigint;
  readonly at: Date;
}

/**
 * Sliding-window counters per tenant that the risk engine reads (`isInWindow` says which entries a window holds).
 * Windows are at most `MAX_RISK_WINDOW_SECONDS` long, so entries older than that may be forgotten.
 */
export interface RiskCounters {
  /** The total of each window, in the order asked: one read for the whole evaluation. */
  totals(tenantId: string, readings: readonly RiskWindowReading[], now: Date): Promise<readonly bigint[]>;
  /** Adds the entries to their counters. */
  record(tenantId: string, entries: readonly RiskCounterEntry[]): Promise<void>;
}
