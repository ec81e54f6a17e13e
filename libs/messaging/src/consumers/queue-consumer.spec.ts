import { Registry } from 'prom-client';
import { ConsumerMetrics } from './consumer-metrics';
import { ReliableConsumer } from './reliable-consumer';
import { RequeueingConsumer } from './requeueing-consumer';

describe('a queue consumer’s count settings', () => {
  const common = { queue: 'ppm.test.settings', bindings: [], prefetch: 2, handler: () => Promise.resolve() };
  const reliable = (overrides: object) =>
    new ReliableConsumer(
      { name: 'reliable', ...common, retryDelaysMs: [100], maxAttempts: 3, deliveryLimit: 5, ...overrides },
      new ConsumerMetrics(new Registry()),
    );
  const requeueing = (overrides: object) =>
    new RequeueingConsumer(
      { name: 'requeueing', ...common, maxDeliveries: 3, isOutage: () => false, ...overrides },
      new ConsumerMetrics(new Registry()),
    );

  it('are refused unless they are positive integers, naming the consumer and the setting', () => {
    expect(reliable({}).name).toBe('reliable');
    expect(requeueing({}).name).toBe('requeueing');
    expect(() => reliable({ maxAttempts: 0 })).toThrow('consumer reliable: maxAttempts must be a positive integer');
    expect(() => reliable({ prefetch: 1.5 })).toThrow('consumer reliable: prefetch must be a positive integer');
    expect(() => requeueing({ maxDeliveries: -1 })).toThrow(
      'consumer requeueing: maxDeliveries must be a positive integer',
    );
    expect(() => requeueing({ prefetch: 0 })).toThrow('consumer requeueing: prefetch must be a positive integer');
  });
});
