import { untilAborted } from './until-aborted';

describe('untilAborted', () => {
  it('resolves with the work when it finishes first', async () => {
    expect(await untilAborted(Promise.resolve('reply'), new AbortController().signal, 'gave up')).toBe('reply');
  });

  it('passes the work’s failure on', async () => {
    await expect(untilAborted(Promise.reject(new Error('boom')), new AbortController().signal, 'x')).rejects.toThrow(
      'boom',
    );
  });

  it('stops waiting as soon as the signal is aborted, or at once when it already was', async () => {
    const stop = new AbortController();
    const waiting = untilAborted(new Promise<string>(() => undefined), stop.signal, 'gave up');
    stop.abort();
    expect(await waiting).toBe('gave up');
    expect(await untilAborted(new Promise<string>(() => undefined), stop.signal, 'at once')).toBe('at once');
  });
});
