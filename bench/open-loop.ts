// The open loop of a load generator: operations started at a constant rate, whatever the replies.

/** When an open loop runs, how fast, and the clock it runs on (injected so tests need no real time). */
export interface OpenLoopSettings {
  ratePerSecond: number;
  /** The most operations in flight: the others wait for a slot, as they would in a caller's queue. */
  maxInFlight: number;
  /** The clock's time of the first operation, and the time no operation is due any more. */
  startAt: number;
  stopAt: number;
  maxOperations: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Starts operation i at its due time `startAt + i / rate` (or as soon after as a slot is free) and waits for every
 * started one. `start` gets the operation's number and due time, and says there is none left with undefined. A
 * latency taken from the due time includes any wait for a slot or a late timer: a slow system cannot hide its
 * queueing delay by slowing the load down (coordinated omission).
 */
export async function runOpenLoop(
  settings: OpenLoopSettings,
  start: (index: number, due: number) => Promise<void> | undefined,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < settings.maxOperations; i += 1) {
    const due = settings.startAt + (i * 1000) / settings.ratePerSecond;
    if (due >= settings.stopAt) break;
    const wait = due - settings.now();
    if (wait > 0) await settings.sleep(wait);
    while (inFlight.size >= settings.maxInFlight) await Promise.race(inFlight);
    const operation = start(i, due);
    if (!operation) break;
    const done: Promise<void> = operation.then(() => {
      inFlight.delete(done);
    });
    inFlight.add(done);
  }
  await Promise.all(inFlight);
}
