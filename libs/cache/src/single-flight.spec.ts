import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('runs one piece of work per key while it is in progress, and shares its result', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let release!: (value: number) => void;
    const work = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = flights.run('k', work);
    const second = flights.run('k', work);
    const other = flights.run('other', () => Promise.resolve(7));
    expect([first.joined, second.joined, other.joined]).toEqual([false, true, false]);
    await Promise.resolve();
    release(42);
    expect(await Promise.all([first.result, second.result, other.result])).toEqual([42, 42, 7]);
    expect(runs).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('forgets a failed run, so the next call tries again', async () => {
    const flights = new SingleFlight<number>();
    await expect(flights.run('k', () => Promise.reject(new Error('down'))).result).rejects.toThrow('down');
    const again = flights.run('k', () => Promise.resolve(1));
    expect(again.joined).toBe(false);
    await expect(again.result).resolves.toBe(1);
  });
});
