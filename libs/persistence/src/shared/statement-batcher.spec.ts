import { StatementBatcher } from './statement-batcher';

/**
 * A statement that doubles numbers, recording each batch it ran; `release()` lets a held statement finish. It refuses
 * the input `refuse` (an input error) or, `down`, every batch (a server failure).
 */
function doubling(options: { holdFirst?: boolean; refuse?: number; down?: boolean } = {}) {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const batcher = new StatementBatcher<number, number>(
    async (inputs) => {
      batches.push(inputs);
      if (options.holdFirst && batches.length === 1) await held;
      if (options.down) throw new Error('server down');
      if (options.refuse !== undefined && inputs.includes(options.refuse)) throw new Error(`refused ${options.refuse}`);
      return inputs.map((n) => n * 2);
    },
    (error) => (error as Error).message.startsWith('refused'),
  );
  return { batcher, batches, release };
}

describe('StatementBatcher', () => {
  it('runs a lone call at once, by itself', async () => {
    const { batcher, batches } = doubling();

    expect(await batcher.submit(21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it('sends the calls made while a statement runs together, each answered with its own row', async () => {
    const { batcher, batches, release } = doubling({ holdFirst: true });

    const first = batcher.submit(1);
    const later = [batcher.submit(2), batcher.submit(3), batcher.submit(4)];
    release();

    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the caller whose input the statement refuses, the rest of its batch still goes through', async () => {
    const { batcher, release } = doubling({ holdFirst: true, refuse: 3 });

    const first = batcher.submit(1);
    const later = [batcher.submit(2), batcher.submit(3), batcher.submit(4)].map((p) =>
      p.then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    release();

    expect(await first).toBe(2);
    expect(await Promise.all(later)).toEqual([{ value: 4 }, { error: 'refused 3' }, { value: 8 }]);
  });

  it('fails every caller of a batch at once when the server fails, without running each input again', async () => {
    const { batcher, batches } = doubling({ down: true });

    const calls = [batcher.submit(1), batcher.submit(2), batcher.submit(3)].map((p) =>
      p.then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    );

    expect(await Promise.all(calls)).toEqual(['server down', 'server down', 'server down']);
    expect(batches).toEqual([[1], [2, 3]]);
  });
});
