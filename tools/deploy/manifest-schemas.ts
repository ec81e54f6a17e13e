// Validates rendered Kubernetes objects offline: built-in kinds against the Kubernetes API's OpenAPI schemas
// (kubernetes-models), KEDA's and CloudNativePG's kinds against their CRDs (@kubernetes-models/keda,
// @kubernetes-models/cloudnative-pg). Those accept unknown fields, and no package ships the RabbitMQ Cluster
// Operator's RabbitmqCluster: deploy/k8s/schemas/ holds PPM's own JSON Schemas of exactly the fields our Cluster,
// Pooler and RabbitmqCluster set, objects closed so a misspelt field fails; an object of such a kind must pass both.
// A kind without a schema is an error, not a pass.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { Pooler } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Pooler';
import type { KubernetesObject } from './kustomize-renderer';

interface Model {
  validate(): void;
}
type ModelClass = new (data: never) => Model;

// The models' base class is typed through package exports that the workspace's Node10 module resolution does not
// read, so TypeScript does not see its `validate`; every model has it at run time.
const MODELS = [
  ConfigMap,
  PersistentVolumeClaim,
  Secret,
  Service,
  ServiceAccount,
  Deployment,
  Job,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  Ingress,
  NetworkPolicy,
  ScaledObject,
  TriggerAuthentication,
  Cluster,
  Pooler,
] as unknown as ModelClass[];

interface OwnSchema {
  properties: { apiVersion: { const: string }; kind: { const: string } };
}

/** PPM's own JSON Schemas in `dir` (each names its apiVersion and kind as constants), compiled, by `apiVersion/kind`. */
function ownValidators(dir: string): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as OwnSchema;
    const { apiVersion, kind } = schema.properties;
    validators.set(`${apiVersion.const}/${kind.const}`, ajv.compile(schema));
  }
  return validators;
}

/** Validates objects against the schemas of their apiVersion and kind. */
export class ManifestSchemas {
  private readonly own: Map<string, ValidateFunction>;

  constructor(ownSchemaDir: string) {
    this.own = ownValidators(ownSchemaDir);
  }

  /** The schema violations of `object`, one line each (empty when valid). */
  problemsOf(object: KubernetesObject): string[] {
    const name = `${object.apiVersion} ${object.kind}/${object.metadata?.name}`;
    const model = MODELS.find(
      (candidate) =>
        (candidate as unknown as { apiVersion: string }).apiVersion === object.apiVersion &&
        (candidate as unknown as { kind: string }).kind === object.kind,
    );
    const validate = this.own.get(`${object.apiVersion}/${object.kind}`);
    if (!model && !validate) return [`${name}: no schema for this apiVersion and kind`];
    const problems = model ? modelProblems(name, model, object) : [];
    if (validate && !validate(object)) {
      problems.push(
        ...(validate.errors ?? []).map((error) => {
          const field = error.keyword === 'additionalProperties' ? `: ${String(error.params.additionalProperty)}` : '';
          return `${name}: ${error.instancePath || '/'} ${error.message ?? ''}${field}`;
        }),
      );
    }
    return problems;
  }
}

function modelProblems(name: string, model: ModelClass, object: KubernetesObject): string[] {
  try {
    new model(object as never).validate();
    return [];
  } catch (error) {
    return [`${name}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
