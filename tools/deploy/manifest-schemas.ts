// Validates rendered Kubernetes objects offline: built-in kinds against the Kubernetes API's OpenAPI schemas
// (kubernetes-models), KEDA's kinds against its CRDs (@kubernetes-models/keda), and the operators' kinds no package
// ships (CloudNativePG, RabbitMQ Cluster Operator) against their CRDs' openAPIV3Schema vendored in
// deploy/k8s/schemas/ (each file names its source). A kind without a schema is an error, not a pass.
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
] as unknown as ModelClass[];

interface VendoredSchema {
  group: string;
  version: string;
  kind: string;
  schema: object;
}

/** The vendored CRD schemas of `dir`, compiled, by `apiVersion/kind`. */
function vendoredValidators(dir: string): Map<string, ValidateFunction> {
  // Kubernetes' OpenAPI extensions (x-kubernetes-*) and formats such as int-or-string are not JSON Schema keywords.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const vendored = JSON.parse(readFileSync(join(dir, file), 'utf8')) as VendoredSchema;
    validators.set(`${vendored.group}/${vendored.version}/${vendored.kind}`, ajv.compile(vendored.schema));
  }
  return validators;
}

/** Validates objects against the schemas of their apiVersion and kind. */
export class ManifestSchemas {
  private readonly vendored: Map<string, ValidateFunction>;

  constructor(vendoredSchemaDir: string) {
    this.vendored = vendoredValidators(vendoredSchemaDir);
  }

  /** The schema violations of `object`, one line each (empty when valid). */
  problemsOf(object: KubernetesObject): string[] {
    const name = `${object.apiVersion} ${object.kind}/${object.metadata?.name}`;
    const model = MODELS.find(
      (candidate) =>
        (candidate as unknown as { apiVersion: string }).apiVersion === object.apiVersion &&
        (candidate as unknown as { kind: string }).kind === object.kind,
    );
    if (model) return modelProblems(name, model, object);
    const validate = this.vendored.get(`${object.apiVersion}/${object.kind}`);
    if (!validate) return [`${name}: no schema for this apiVersion and kind`];
    if (validate(object)) return [];
    return (validate.errors ?? []).map((error) => `${name}: ${error.instancePath || '/'} ${error.message ?? ''}`);
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
