/** How browser returns are handled. */
export interface ReturnSettings {
  /** Where adapters reach a gateway whose configuration names no base URL (only its signatures matter here). */
  defaultBaseUrl: string;
  /** How long the status sync a return triggers may take (nobody waits for it). */
  syncTimeoutMs: number;
  /** A payment's status is synced at most once per this period, however often its return link is opened. */
  syncCooldownMs: number;
}

/** Injection token of the ReturnSettings. */
export const RETURN_SETTINGS = Symbol('ReturnSettings');
