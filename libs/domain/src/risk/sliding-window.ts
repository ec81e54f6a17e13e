/** The longest window a rule may count over (DAILY_AMOUNT's), and so how long counters keep what they record. */
export const MAX_RISK_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Most entries one counter keeps in its window; older ones beyond it may be forgotten, which bounds the time a
 * counter takes to read. It is also the highest VELOCITY limit, so a count never saturates below a limit.
 */
export const MAX_RISK_COUNTER_ENTRIES = 10_000;

/**
 * Whether something recorded at `at` counts in the window of `windowSeconds` that ends at `now`: the window is
 * half-open, (now − window, now], so an entry exactly `windowSeconds` old has left it and one recorded at `now`
 * is in. Entries stamped after `now` (a clock running ahead elsewhere) are not counted yet.
 */
export function isInWindow(at: Date, now: Date, windowSeconds: number): boolean {
  const age = now.getTime() - at.getTime();
  return age >= 0 && age < windowSeconds * 1000;
}
