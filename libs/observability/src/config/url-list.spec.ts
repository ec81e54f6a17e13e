import { loadConfig } from './load-config';
import { WithNats, WithRabbitMq } from './dependency-settings';
import { ServiceConfig } from './service-config';

class BusConfig extends WithRabbitMq(WithNats(ServiceConfig, 'command'), 'command') {}

const load = (env: Record<string, string>): BusConfig => loadConfig(BusConfig, { NODE_ENV: 'test', ...env });

describe('NATS_URL and AMQP_URL', () => {
  it('accept the servers of a cluster as comma-separated URLs', () => {
    const config = load({
      NATS_URL: 'nats://nats-1:4222, nats://nats-2:4222,tls://nats-3:4222',
      AMQP_URL: 'amqp://u:p@rabbit-1:5672,amqps://u:p@rabbit-2:5671',
    });
    expect(config.NATS_URL).toBe('nats://nats-1:4222, nats://nats-2:4222,tls://nats-3:4222');
  });

  it('still accept a single URL', () => {
    expect(() => load({ NATS_URL: 'nats://nats:4222', AMQP_URL: 'amqp://u:p@rabbit:5672' })).not.toThrow();
  });

  it.each([
    ['NATS_URL', 'nats://nats-1:4222,http://nats-2:4222'],
    ['NATS_URL', ' , '],
    ['AMQP_URL', 'amqp://u:p@rabbit-1:5672,rabbit-2:5672'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(`${name} must be one or more comma-separated`));
  });
});
