/** The longest window a rule may count over (DAILY_AMOUNT's), and so how long counters keep what they record. */
export const MAX_RISK_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Whether something recorded at `at` counts in the window of `windowSeconds` that ends at `now`: the window is
 * half-open, (now − window, now], so an entry exactly `windowSeconds` old has left it and one recorded at `now`
 * is in. Entries stamped after `now` (a clock running ahead elsewhere) are not counted yet.
 */
export function isInWindow(at: Date, now: Date, windowSeconds: number): boolean {
  const age = now.getTime() - at.getTime();
  return age >= 0 && age < windowSeconds * 1000;
}
