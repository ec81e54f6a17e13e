import { runOpenLoop, type OpenLoopSettings } from './open-loop';

/** A clock that moves only when the loop sleeps, or when a test lets an operation take time. */
function fakeClock(): Pick<OpenLoopSettings, 'now' | 'sleep'> & { advance: (ms: number) => void } {
  let time = 0;
  return {
    now: () => time,
    sleep: (ms) => {
      time += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      time += ms;
    },
  };
}

describe('runOpenLoop', () => {
  const settings = (clock: ReturnType<typeof fakeClock>, overrides: Partial<OpenLoopSettings> = {}) => ({
    ratePerSecond: 100,
    maxInFlight: 10,
    startAt: 0,
    stopAt: 100,
    maxOperations: 1_000,
    ...clock,
    ...overrides,
  });

  it('starts an operation every 1/rate s until the window ends', async () => {
    const clock = fakeClock();
    const started: { index: number; due: number; at: number }[] = [];

    await runOpenLoop(settings(clock), (index, due) => {
      started.push({ index, due, at: clock.now() });
      return Promise.resolve();
    });

    expect(started.map((s) => s.due)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(started.every((s) => s.at === s.due)).toBe(true);
  });

  it('keeps the schedule when replies are slow: what waits for a slot keeps its due time', async () => {
    const clock = fakeClock();
    const finish: (() => void)[] = [];
    const dues: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;

    const loop = runOpenLoop(settings(clock, { maxInFlight: 2, stopAt: 50 }), (_index, due) => {
      dues.push(due);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      return new Promise<void>((resolve) =>
        finish.push(() => {
          inFlight -= 1;
          resolve();
        }),
      );
    });
    // A stalled system: each reply comes 100 ms after the loop last looked, long after the next was due.
    while (dues.length < 5 || inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(100);
      finish.shift()?.();
    }
    await loop;

    expect(dues).toEqual([0, 10, 20, 30, 40]);
    expect(mostInFlight).toBe(2);
  });

  it('stops at the count, or when the workload has nothing left', async () => {
    const clock = fakeClock();
    const counted: number[] = [];
    const inputs: number[] = [];

    await runOpenLoop(settings(clock, { maxOperations: 3 }), (index) => {
      counted.push(index);
      return Promise.resolve();
    });
    await runOpenLoop(settings(clock), (index) => {
      if (index >= 2) return undefined;
      inputs.push(index);
      return Promise.resolve();
    });

    expect(counted).toEqual([0, 1, 2]);
    expect(inputs).toEqual([0, 1]);
  });
});
