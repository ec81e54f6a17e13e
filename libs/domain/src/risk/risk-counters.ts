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

/** A window an evaluation reads, with the total from which its rule is hit. */
export interface RiskWindowCheck extends RiskWindowReading {
  /** The rule is hit when the window's total is at least this (at or below 0: whatever the total). */
  readonly hitFrom: bigint;
  /** A hit refuses the payment (its rule BLOCKs), so the payment is not counted. */
  readonly refuses: boolean;
}

/** What one admission read, and whether it counted the payment. */
export interface RiskAdmission {
  /** The total of each window checked, in the order asked, before this payment. */
  readonly totals: readonly bigint[];
  /** Whether the entries were recorded: no refusing check was hit. */
  readonly recorded: boolean;
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
  /**
   * Reads every window checked and, unless a refusing check is hit, records `entries`, as one atomic step: of two
   * payments evaluated at once, one sees the other, so racing payments cannot all pass a limit.
   */
  admit(
    tenantId: string,
    checks: readonly RiskWindowCheck[],
    entries: readonly RiskCounterEntry[],
    now: Date,
  ): Promise<RiskAdmission>;
  /** Adds the entries to their counters. */
  record(tenantId: string, entries: readonly RiskCounterEntry[]): Promise<void>;
}
