// Every object the Kubernetes overlays render is valid for the API server and the operators it is meant for,
// checked offline against their schemas; and a broken manifest is caught.
import { join } from 'node:path';
import { ManifestSchemas } from './manifest-schemas';
import { renderKustomization, type KubernetesObject } from './kustomize-renderer';

const K8S = join(__dirname, '..', '..', 'deploy', 'k8s');
const schemas = new ManifestSchemas(join(K8S, 'schemas'));

const renderings: Array<[string, () => KubernetesObject[]]> = [
  ['dev', () => renderKustomization(join(K8S, 'dev'))],
  ['prod', () => renderKustomization(join(K8S, 'prod'))],
  ['prod with KEDA', () => renderKustomization(join(K8S, 'prod'), ['../components/keda-worker'])],
];

function named(objects: KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

describe('the Kubernetes manifests', () => {
  it.each(renderings)('renders %s into objects that all pass their schemas', (_, render) => {
    const objects = render();
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.flatMap((object) => schemas.problemsOf(object))).toEqual([]);
  });

  it('puts every object of an overlay in its namespace', () => {
    expect(new Set(renderKustomization(join(K8S, 'prod')).map((object) => object.metadata.namespace))).toEqual(
      new Set(['ppm']),
    );
    expect(new Set(renderKustomization(join(K8S, 'dev')).map((object) => object.metadata.namespace))).toEqual(
      new Set(['ppm-dev']),
    );
  });

  describe('catches a broken manifest', () => {
    const prod = (): KubernetesObject[] => renderKustomization(join(K8S, 'prod'));

    it('a built-in object with a field of the wrong type', () => {
      const deployment = structuredClone(named(prod(), 'Deployment', 'ppm-gateway'));
      (deployment.spec as { replicas: unknown }).replicas = 'three';
      expect(schemas.problemsOf(deployment).join('\n')).toMatch(/replicas/);
    });

    it('a built-in object without a required field', () => {
      const hpa = structuredClone(named(prod(), 'HorizontalPodAutoscaler', 'ppm-worker'));
      delete (hpa.spec as { maxReplicas?: number }).maxReplicas;
      expect(schemas.problemsOf(hpa).join('\n')).toMatch(/maxReplicas/);
    });

    it("an operator's resource with a misspelt field", () => {
      const cluster = structuredClone(named(prod(), 'Cluster', 'ppm-postgres'));
      (cluster.spec as Record<string, unknown>).instance = 2;
      expect(schemas.problemsOf(cluster).join('\n')).toMatch(/additional properties: instance$/m);
    });

    it("an operator's resource with a field of the wrong type", () => {
      const cluster = structuredClone(named(prod(), 'Cluster', 'ppm-postgres'));
      (cluster.spec as { instances: unknown }).instances = 'two';
      expect(schemas.problemsOf(cluster).join('\n')).toMatch(/instances must be integer/);
    });

    it('a CloudNativePG object the @kubernetes-models/cloudnative-pg schema refuses', () => {
      const pooler = structuredClone(named(prod(), 'Pooler', 'ppm-postgres-pooler-ro'));
      (pooler.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers = [{ image: 'x' }];
      expect(schemas.problemsOf(pooler).join('\n')).toMatch(/containers\/0 must have required property name/);
    });

    it('a RabbitmqCluster with a misspelt field, at the top of its spec and deep in its override', () => {
      const rabbit = structuredClone(named(prod(), 'RabbitmqCluster', 'ppm-rabbitmq'));
      (rabbit.spec as Record<string, unknown>).replica = 3;
      const override = rabbit.spec as {
        override: { statefulSet: { spec: { template: { spec: { volumes: Array<{ secret: object }> } } } } };
      };
      override.override.statefulSet.spec.template.spec.volumes[0].secret = { secretname: 'ppm-rabbitmq-definitions' };
      const problems = schemas.problemsOf(rabbit).join('\n');
      expect(problems).toMatch(/\/spec must NOT have additional properties: replica$/m);
      expect(problems).toMatch(/volumes\/0\/secret must NOT have additional properties: secretname$/m);
    });

    it('a RabbitmqCluster with a field of the wrong type', () => {
      const rabbit = structuredClone(named(prod(), 'RabbitmqCluster', 'ppm-rabbitmq'));
      (rabbit.spec as { replicas: unknown }).replicas = 'three';
      expect(schemas.problemsOf(rabbit).join('\n')).toMatch(/replicas must be integer/);
    });

    it("an operator's resource with a value its CRD refuses", () => {
      const pooler = structuredClone(named(prod(), 'Pooler', 'ppm-postgres-pooler-rw'));
      (pooler.spec as { pgbouncer: { poolMode: string } }).pgbouncer.poolMode = 'statement-ish';
      expect(schemas.problemsOf(pooler).join('\n')).toMatch(/poolMode/);
    });

    it('a KEDA ScaledObject without its target', () => {
      const keda = renderKustomization(join(K8S, 'prod'), ['../components/keda-worker']);
      const scaled = structuredClone(named(keda, 'ScaledObject', 'ppm-worker'));
      delete (scaled.spec as { scaleTargetRef?: unknown }).scaleTargetRef;
      expect(schemas.problemsOf(scaled).join('\n')).toMatch(/scaleTargetRef/);
    });

    it('a kind nobody has a schema for', () => {
      const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
      expect(schemas.problemsOf(unknown)).toEqual(['example.com/v1 Widget/w: no schema for this apiVersion and kind']);
    });
  });
});
