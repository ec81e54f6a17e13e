/** Waits `ms` milliseconds: for a test that must let time pass (a lease expiring, a quiet period), not for an outcome. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
