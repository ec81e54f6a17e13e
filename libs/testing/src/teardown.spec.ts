import { Teardown } from './teardown';

describe('Teardown', () => {
  it('releases what it kept newest first, once, and tries every release before throwing the first failure', async () => {
    const released: string[] = [];
    const release = (name: string) => Promise.resolve(released.push(name));
    const teardown = new Teardown();
    expect(teardown.keep('database', release)).toBe('database');
    teardown.keep('broken', () => Promise.reject(new Error('cannot stop')));
    teardown.keep('service', release);

    await expect(teardown.run()).rejects.toThrow('cannot stop');
    expect(released).toEqual(['service', 'database']);
    await teardown.run();
    expect(released).toEqual(['service', 'database']);
  });
});
