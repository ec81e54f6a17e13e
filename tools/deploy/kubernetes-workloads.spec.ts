// What the rendered Kubernetes workloads must agree on with the apps and the servers: each app accepts the
// environment its pod gets, probes hit the apps' real health routes, shutdown fits in the grace period, every
// service has resources, a disruption budget, an autoscaler and a topology spread, secrets stay references, and
// only the edge and the worker's public routes are exposed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@ppm/observability';
import { CommandConfig } from '../../apps/command/src/command.config';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { SandboxConfig } from '../../apps/gateway-sandbox/src/sandbox.config';
import { QueryConfig } from '../../apps/query/src/query.config';
import { WorkerConfig } from '../../apps/worker/src/worker.config';
import { readEnvFile } from './compose-file';
import { renderKustomization, type KubernetesObject } from './kustomize-renderer';
import { mainContainer, podEnvironment, type SecretValues } from './pod-environment';

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
const EXAMPLE = readEnvFile(join(ROOT, 'deploy', 'compose', 'compose.env.example'));
// What operators put in the Secrets the manifests reference (docs/deploy.md), with the example env file's values.
const SECRETS: SecretValues = {
  'ppm-postgres-app': { username: 'ppm', password: EXAMPLE['POSTGRES_PASSWORD'] },
  'ppm-redis': { 'redis-password': EXAMPLE['REDIS_PASSWORD'] },
  'ppm-bus-passwords': Object.fromEntries(
    ['command', 'query', 'worker', 'gateway', 'operator'].map((role) => [
      role,
      EXAMPLE[`PPM_BUS_PASSWORD_${role.toUpperCase()}`],
    ]),
  ),
  'ppm-app-secrets': {
    'encryption-keys': EXAMPLE['PPM_ENCRYPTION_KEYS'],
    'jwt-secret': EXAMPLE['JWT_SECRET'],
    'jwt-issuer': EXAMPLE['JWT_ISSUER'],
    'jwt-audience': EXAMPLE['JWT_AUDIENCE'],
  },
};
const CONFIGS: Record<string, new () => { PORT: number; SHUTDOWN_GRACE_MS: number }> = {
  gateway: GatewayConfig,
  command: CommandConfig,
  query: QueryConfig,
  worker: WorkerConfig,
  'gateway-sandbox': SandboxConfig,
};
const APPS = ['gateway', 'command', 'query', 'worker'];

const prod = renderKustomization(join(K8S, 'prod'));
const dev = renderKustomization(join(K8S, 'dev'));
const keda = renderKustomization(join(K8S, 'prod'), ['../components/keda-worker']);

function ofKind(objects: KubernetesObject[], kind: string): KubernetesObject[] {
  return objects.filter((object) => object.kind === kind);
}
function named(objects: KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}
function podSpec(workload: KubernetesObject): Record<string, unknown> {
  return (workload.spec as { template: { spec: Record<string, unknown> } }).template.spec;
}
function configOf(objects: KubernetesObject[], app: string): { PORT: number; SHUTDOWN_GRACE_MS: number } {
  const container = mainContainer(named(objects, 'Deployment', `ppm-${app}`));
  return loadConfig(CONFIGS[app], podEnvironment(objects, container, SECRETS));
}

describe('the Kubernetes workloads', () => {
  it('run the four services in production and the gateway sandbox in development only', () => {
    const names = (objects: KubernetesObject[]): string[] => ofKind(objects, 'Deployment').map((d) => d.metadata.name);
    expect(names(prod).sort()).toEqual(APPS.map((app) => `ppm-${app}`).sort());
    expect(names(dev).sort()).toEqual([...APPS, 'gateway-sandbox'].map((app) => `ppm-${app}`).sort());
  });

  it.each([...APPS.map((app) => ['prod', app]), ...[...APPS, 'gateway-sandbox'].map((app) => ['dev', app])])(
    'give %s %s every variable its configuration requires',
    (overlay, app) => {
      const objects = overlay === 'prod' ? prod : dev;
      expect(() => configOf(objects, app)).not.toThrow();
    },
  );

  it.each(APPS)('run %s with NODE_ENV=production in prod', (app) => {
    const container = mainContainer(named(prod, 'Deployment', `ppm-${app}`));
    expect(podEnvironment(prod, container, SECRETS)['NODE_ENV']).toBe('production');
  });

  it.each(['command', 'worker'])("never send %s's production gateway calls to a gateway's sandbox", (app) => {
    const container = mainContainer(named(prod, 'Deployment', `ppm-${app}`));
    const base = podEnvironment(prod, container, SECRETS)['GATEWAY_DEFAULT_BASE_URL'];
    expect(base).toBe('https://pay.vnpay.vn');
  });

  it.each(APPS)('probe %s on its health routes, on the port it listens on', (app) => {
    const container = mainContainer(named(prod, 'Deployment', `ppm-${app}`));
    const http = container.ports?.find((port) => port.name === 'http');
    expect(http?.containerPort).toBe(configOf(prod, app).PORT);
    const probe = (kind: string): unknown => (container[kind] as { httpGet: unknown }).httpGet;
    expect([probe('startupProbe'), probe('livenessProbe'), probe('readinessProbe')]).toEqual([
      { path: '/health/startup', port: 'http' },
      { path: '/health/live', port: 'http' },
      { path: '/health/ready', port: 'http' },
    ]);
  });

  it.each(APPS)('give %s time to leave the endpoints and drain before SIGKILL', (app) => {
    const deployment = named(prod, 'Deployment', `ppm-${app}`);
    const preStop = (mainContainer(deployment).lifecycle as { preStop: { exec: { command: string[] } } }).preStop;
    expect(preStop.exec.command[0]).toBe('sleep');
    const preStopSeconds = Number(preStop.exec.command[1]);
    const graceSeconds = configOf(prod, app).SHUTDOWN_GRACE_MS / 1000;
    expect(podSpec(deployment)['terminationGracePeriodSeconds']).toBeGreaterThanOrEqual(
      preStopSeconds + graceSeconds + 5,
    );
  });

  it.each(APPS)('size %s, spread it over zones, and budget its disruptions', (app) => {
    const deployment = named(prod, 'Deployment', `ppm-${app}`);
    const resources = mainContainer(deployment).resources as { requests: object; limits: object };
    expect(Object.keys(resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(resources.limits)).toContain('memory');
    const spread = podSpec(deployment)['topologySpreadConstraints'] as Array<{ topologyKey: string }>;
    expect(spread.map((constraint) => constraint.topologyKey)).toContain('topology.kubernetes.io/zone');
    const selector = (deployment.spec as { selector: unknown }).selector;
    expect(ofKind(prod, 'PodDisruptionBudget').filter((pdb) => equal(pdb.spec, 'selector', selector))).toHaveLength(1);
  });

  it.each(APPS)('scale %s with exactly one autoscaler, on CPU', (app) => {
    const targets = (objects: KubernetesObject[]): KubernetesObject[] =>
      objects.filter(
        (object) =>
          ['HorizontalPodAutoscaler', 'ScaledObject'].includes(object.kind) &&
          (object.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === `ppm-${app}`,
      );
    const [hpa] = targets(prod);
    expect(targets(prod)).toHaveLength(1);
    expect(JSON.stringify((hpa.spec as { metrics: unknown }).metrics)).toContain('"name":"cpu"');
    expect(targets(keda)).toHaveLength(1);
  });

  it("scales the worker with KEDA on its consumers' queues when the component is added", () => {
    const scaled = named(keda, 'ScaledObject', 'ppm-worker').spec as {
      triggers: Array<{ type: string; metadata: { queueName?: string } }>;
    };
    const worker = new WorkerConfig();
    expect(scaled.triggers.map((trigger) => trigger.type)).toContain('cpu');
    expect(scaled.triggers.flatMap((trigger) => trigger.metadata.queueName ?? []).sort()).toEqual(
      [worker.MERCHANT_WEBHOOK_FANOUT_QUEUE, worker.NOTIFICATION_QUEUE].sort(),
    );
  });

  it('reference every secret and hold none', () => {
    expect(ofKind(prod, 'Secret')).toEqual([]);
    const literals = ofKind(prod, 'Deployment')
      .concat(ofKind(prod, 'Job'))
      .flatMap((workload) => mainContainer(workload).env ?? [])
      .filter((variable) => variable.value !== undefined)
      .filter(({ name, value }) => /PASSWORD|SECRET|KEYS|TOKEN/.test(name) || /\/\/[^/$]*:[^/$]*@/.test(value ?? ''));
    expect(literals).toEqual([]);
  });

  it('migrate the schema with the image entry point, on the primary rather than through the pooler', () => {
    const container = mainContainer(named(prod, 'Job', 'ppm-migrate'));
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain(container.command?.slice(1).join(' '));
    expect(podEnvironment(prod, container, SECRETS)['DATABASE_URL']).toMatch(/@ppm-postgres-rw:5432\//);
  });

  it('pool Postgres connections in transaction mode with named prepared statements tracked', () => {
    for (const pooler of ofKind(prod, 'Pooler')) {
      const pgbouncer = (pooler.spec as { pgbouncer: { poolMode: string; parameters: Record<string, string> } })
        .pgbouncer;
      expect(pgbouncer.poolMode).toBe('transaction');
      expect(Number(pgbouncer.parameters['max_prepared_statements'])).toBeGreaterThan(0);
    }
  });

  it('expose only the edge and the worker routes gateways and browsers call', () => {
    const backends = ofKind(prod, 'Ingress').flatMap((ingress) =>
      (ingress.spec as { rules: Array<{ http: { paths: Array<{ path: string; backend: unknown }> } }> }).rules.flatMap(
        (rule) =>
          rule.http.paths.map(({ path, backend }) => [(backend as { service: { name: string } }).service.name, path]),
      ),
    );
    expect(
      backends
        .filter(([service]) => service === 'ppm-worker')
        .map(([, path]) => path)
        .sort(),
    ).toEqual(workerControllerPrefixes());
    expect(new Set(backends.map(([service]) => service))).toEqual(new Set(['ppm-gateway', 'ppm-worker']));
  });

  it('let the servers be reached only from PPM: every server pod carries the label the policies select', () => {
    const policies = JSON.stringify(ofKind(prod, 'NetworkPolicy'));
    expect(policies).toContain('{"key":"ppm/server","operator":"Exists"}');
    const labels = [
      (named(prod, 'Cluster', 'ppm-postgres').spec as { inheritedMetadata: { labels: object } }).inheritedMetadata
        .labels,
      ...ofKind(prod, 'Pooler').map(
        (pooler) => (pooler.spec as { template: { metadata: { labels: object } } }).template.metadata.labels,
      ),
      (
        named(prod, 'RabbitmqCluster', 'ppm-rabbitmq').spec as {
          override: { statefulSet: { spec: { template: { metadata: { labels: object } } } } };
        }
      ).override.statefulSet.spec.template.metadata.labels,
      helmValues<{ podTemplate: { merge: { metadata: { labels: object } } } }>('nats').podTemplate.merge.metadata
        .labels,
      helmValues<{ commonLabels: object }>('redis').commonLabels,
    ];
    expect(labels.every((set) => 'ppm/server' in set)).toBe(true);
  });

  it("point the apps at the Redis chart's master Service, with what the chart requires to keep it on the master", () => {
    const values = helmValues<{
      fullnameOverride: string;
      sentinel: { enabled: boolean; masterService: { enabled: boolean } };
      rbac: { create: boolean };
      serviceAccount: { create: boolean };
      replica: { automountServiceAccountToken: boolean };
    }>('redis');
    const container = mainContainer(named(prod, 'Deployment', 'ppm-query'));
    expect(new URL(podEnvironment(prod, container, SECRETS)['REDIS_URL']).hostname).toBe(
      `${values.fullnameOverride}-master`,
    );
    expect([values.sentinel.enabled, values.sentinel.masterService.enabled]).toEqual([true, true]);
    expect([values.rbac.create, values.serviceAccount.create, values.replica.automountServiceAccountToken]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("mount PPM's NATS users where the chart's NATS config includes them from", () => {
    const values = helmValues<{
      config: { merge: Record<string, unknown> };
      container: { merge: { volumeMounts: Array<{ name: string; mountPath: string }> } };
      podTemplate: { merge: { spec: { volumes: Array<{ name: string; secret?: { secretName: string } }> } } };
    }>('nats');
    const include = String(values.config.merge['00$include']);
    const volume = values.podTemplate.merge.spec.volumes.find((v) => v.secret?.secretName === 'ppm-nats-users');
    const mount = values.container.merge.volumeMounts.find((m) => m.name === volume?.name);
    // nats-server joins an include path to the config file's directory, /etc/nats-config in the chart.
    expect(posix.join('/etc/nats-config', include)).toBe(`${mount?.mountPath}/nats-users.conf`);
  });

  it('name every NATS node of the cluster the NATS chart values run', () => {
    const values = helmValues<{ fullnameOverride: string; config: { cluster: { replicas: number } } }>('nats');
    const container = mainContainer(named(prod, 'Deployment', 'ppm-command'));
    const servers = podEnvironment(prod, container, SECRETS)['NATS_URL'].split(',');
    expect(servers).toEqual(
      Array.from(
        { length: values.config.cluster.replicas },
        (_, i) => `nats://${values.fullnameOverride}-${i}.${values.fullnameOverride}-headless:4222`,
      ),
    );
  });
});

function helmValues<T>(chart: string): T {
  return parse(readFileSync(join(K8S, 'servers', 'helm', `${chart}-values.yaml`), 'utf8')) as T;
}

function equal(spec: unknown, key: string, expected: unknown): boolean {
  return JSON.stringify((spec as Record<string, unknown>)[key]) === JSON.stringify(expected);
}

// The worker's public routes: its HTTP controllers' prefixes (health and metrics are not among them).
function workerControllerPrefixes(): string[] {
  const controllers = ['returns', 'webhooks/receive-gateway-webhook'].flatMap((dir) =>
    readdirSync(join(ROOT, 'apps', 'worker', 'src', dir))
      .filter((file) => file.endsWith('.http.controller.ts'))
      .map((file) => readFileSync(join(ROOT, 'apps', 'worker', 'src', dir, file), 'utf8')),
  );
  return controllers.map((source) => `/${/@Controller\('([^']+)'\)/.exec(source)?.[1]}/`).sort();
}
