import { forEachConcurrently } from './for-each-concurrently';

describe('forEachConcurrently', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

  it('works on every item with at most `concurrency` at a time', async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, new AbortController().signal, async (item) => {
      active += 1;
      peak = Math.max(peak, active);
      await tick();
      done.push(item);
      active -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('starts nothing new once aborted, and lets the started items finish', async () => {
    const stop = new AbortController();
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5], 2, stop.signal, async (item) => {
      if (item === 2) stop.abort();
      await tick();
      done.push(item);
    });
    expect(done.sort()).toEqual([1, 2]);
  });
});
