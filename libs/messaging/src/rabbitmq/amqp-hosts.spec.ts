import { EventEmitter } from 'node:events';
import { AmqpHosts } from './amqp-hosts';

describe('AmqpHosts', () => {
  it('describes the first URL as amqplib reads a URL: node, credentials decoded, vhost and tuning', () => {
    const hosts = new AmqpHosts('amqps://ppm-worker:p%40ss@rabbit-1:5671/ppm%2Fprod?heartbeat=30&frameMax=8192');
    expect(hosts.options).toEqual({
      protocol: 'amqps',
      hostname: 'rabbit-1',
      port: 5671,
      username: 'ppm-worker',
      password: 'p@ss',
      vhost: 'ppm%2Fprod',
      heartbeat: 30,
      frameMax: 8192,
    });
  });

  it('leaves out credentials a URL does not give, so amqplib uses its default', () => {
    expect(new AmqpHosts('amqp://rabbit').options).not.toHaveProperty('username');
  });

  it('moves each scheduled retry to the next node, round the list', () => {
    const hosts = new AmqpHosts('amqp://u:p@rabbit-1:5672, amqp://u:p@rabbit-2:5673');
    const model = new EventEmitter();
    hosts.follow(model);
    const seen = [hosts.current];
    for (let retry = 0; retry < 3; retry += 1) {
      model.emit('reconnect-scheduled');
      seen.push(hosts.current);
    }
    expect(seen).toEqual(['rabbit-1:5672', 'rabbit-2:5673', 'rabbit-1:5672', 'rabbit-2:5673']);
  });

  it('stays on the only node of a single URL', () => {
    const hosts = new AmqpHosts('amqp://u:p@rabbit:5672');
    const model = new EventEmitter();
    hosts.follow(model);
    model.emit('reconnect-scheduled');
    expect(hosts.options).toMatchObject({ hostname: 'rabbit', port: 5672 });
  });

  it('refuses a setting that names no node', () => {
    expect(() => new AmqpHosts(' , ')).toThrow(/no RabbitMQ node/);
  });
});
