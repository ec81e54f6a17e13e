// docker-compose.yml without a Docker engine: each app is given exactly the environment compose gives it (with the
// example env file the README has operators copy) and must accept it as its production configuration.
import { join } from 'node:path';
import { loadConfig } from '@ppm/observability';
import { CommandConfig } from '../../apps/command/src/command.config';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { SandboxConfig } from '../../apps/gateway-sandbox/src/sandbox.config';
import { QueryConfig } from '../../apps/query/src/query.config';
import { WorkerConfig } from '../../apps/worker/src/worker.config';
import { readComposeServices, readEnvFile, type ComposeService } from './compose-file';

const ROOT = join(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const EXAMPLE_ENV = readEnvFile(join(ROOT, 'deploy', 'compose', 'compose.env.example'));

const CONFIGS: Record<string, new () => object> = {
  command: CommandConfig,
  query: QueryConfig,
  worker: WorkerConfig,
  gateway: GatewayConfig,
  'gateway-sandbox': SandboxConfig,
};
const PRODUCTION_APPS = ['command', 'query', 'worker', 'gateway'];
const USES_DATABASE = ['command', 'query', 'worker'];

const services = readComposeServices(COMPOSE_FILE, EXAMPLE_ENV);
// Services built from the app image, the one-shot migrations aside.
const apps = Object.entries(services).filter(([name, service]) => service.build && name !== 'migrate');

describe('docker-compose.yml', () => {
  it('runs each of the five apps from its own bundle', () => {
    expect(apps.map(([name, service]) => [name, service.build?.args?.['APP']]).sort()).toEqual(
      Object.keys(CONFIGS)
        .map((name) => [name, name])
        .sort(),
    );
  });

  it.each(Object.keys(CONFIGS))('gives %s every variable its configuration requires', (name) => {
    expect(() => loadConfig(CONFIGS[name], services[name].environment)).not.toThrow();
  });

  it.each(PRODUCTION_APPS)('runs %s with NODE_ENV=production', (name) => {
    expect(services[name].environment['NODE_ENV']).toBe('production');
  });

  it.each(PRODUCTION_APPS)(
    'gives %s no secret of its own: without the env file its configuration is refused',
    (name) => {
      const bare = readComposeServices(COMPOSE_FILE, {});
      expect(() => loadConfig(CONFIGS[name], bare[name].environment)).toThrow(/must be set when NODE_ENV=production/);
    },
  );

  it.each(Object.keys(CONFIGS))('points %s at the other services by their compose names, never at itself', (name) => {
    const loopback = Object.entries(services[name].environment).filter(([, value]) =>
      /\/\/([^/@]*@)?(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(value),
    );
    expect(loopback).toEqual([]);
  });

  it.each(PRODUCTION_APPS)(
    'connects %s to NATS and RabbitMQ as its own user, with the password the servers get',
    (name) => {
      const env = services[name].environment;
      const busPassword = services['nats'].environment[`PPM_BUS_PASSWORD_${name.toUpperCase()}`];
      expect(env['NATS_USER']).toBe(`ppm-${name}`);
      expect(env['NATS_PASSWORD']).toBe(busPassword);
      expect(services['rabbitmq'].environment[`PPM_BUS_PASSWORD_${name.toUpperCase()}`]).toBe(busPassword);
      if (env['AMQP_URL']) {
        const amqp = new URL(env['AMQP_URL']);
        expect([amqp.username, amqp.password]).toEqual([`ppm-${name}`, busPassword]);
      }
    },
  );

  it.each(USES_DATABASE)('starts %s only after the migrations ran and its servers are healthy', (name) => {
    const dependsOn = services[name].depends_on as Record<string, { condition: string }>;
    expect(dependsOn['migrate']).toEqual({ condition: 'service_completed_successfully' });
    expect(servers(dependsOn).every(([, { condition }]) => condition === 'service_healthy')).toBe(true);
  });

  it('waits for healthy servers before every app', () => {
    const unchecked = apps.flatMap(([name, service]) =>
      servers(service.depends_on).map(([server, { condition }]) => `${name} → ${server}: ${condition}`),
    );
    expect(unchecked.filter((line) => !line.endsWith('service_healthy'))).toEqual([]);
  });

  it('keeps Prometheus, Grafana and Jaeger optional', () => {
    for (const name of ['prometheus', 'grafana', 'jaeger']) expect(services[name].profiles).toEqual(['observability']);
  });
});

function servers(dependsOn: ComposeService['depends_on']): [string, { condition: string }][] {
  if (!dependsOn || Array.isArray(dependsOn)) return (dependsOn ?? []).map((name) => [name, { condition: 'none' }]);
  return Object.entries(dependsOn).filter(([name]) => name !== 'migrate');
}
