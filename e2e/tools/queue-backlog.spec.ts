import { backlogOf, boundedFeeds } from './queue-backlog';

describe('boundedFeeds', () => {
  it('is the queues the broker bounds with x-max-length', () => {
    const feeds = boundedFeeds({
      queues: [
        { name: 'ppm.audit.feed', arguments: { 'x-max-length': 100_000, 'x-overflow': 'drop-head' } },
        { name: 'ppm.query.cache-invalidation', arguments: { 'x-queue-type': 'quorum' } },
        { name: 'ppm.worker.merchant-webhooks' },
      ],
    });

    expect([...feeds]).toEqual(['ppm.audit.feed']);
  });
});

describe('backlogOf', () => {
  it("sums the consumers' queues and leaves out the bounded feeds", () => {
    const depths = { 'ppm.audit.feed': 24_318, 'ppm.query.cache-invalidation': 3, 'ppm.e2e.events.ab12cd34': 2 };

    expect(backlogOf(depths, new Set(['ppm.audit.feed']))).toBe(5);
  });
});
