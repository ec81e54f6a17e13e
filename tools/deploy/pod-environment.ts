// The environment Kubernetes gives a container of a rendered workload: its ConfigMaps' variables (envFrom), then its
// own `env` in order, with `$(VAR)` references expanded as the kubelet does and Secret keys read from `secrets`.
import type { KubernetesObject } from './kustomize-renderer';

/** A container as the tests read it. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name: string; containerPort: number }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
  }>;
  [key: string]: unknown;
}

/** Secret values by Secret name and key, standing in for what operators create. */
export type SecretValues = Record<string, Record<string, string>>;

/** The first container of a workload's pod template. */
export function mainContainer(workload: KubernetesObject): Container {
  const spec = workload.spec as { template: { spec: { containers: Container[] } } };
  return spec.template.spec.containers[0];
}

/** The variables `container` starts with in the namespace of `objects`. */
export function podEnvironment(
  objects: KubernetesObject[],
  container: Container,
  secrets: SecretValues,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(environment, configMapData(objects, source.configMapRef.name));
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef) environment[variable.name] = required(secrets[secretRef.name]?.[secretRef.key], secretRef);
    else if (configMapRef) {
      environment[variable.name] = required(configMapData(objects, configMapRef.name)[configMapRef.key], configMapRef);
    } else environment[variable.name] = expand(variable.value ?? '', environment);
  }
  return environment;
}

function configMapData(objects: KubernetesObject[], name: string): Record<string, string> {
  const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === name);
  if (!configMap) throw new Error(`no ConfigMap ${name}`);
  return (configMap.data ?? {}) as Record<string, string>;
}

function required(value: string | undefined, ref: { name: string; key: string }): string {
  if (value === undefined) throw new Error(`nothing at ${ref.name}/${ref.key}`);
  return value;
}

// `$(VAR)` becomes VAR's value when VAR is defined before it, stays as written otherwise; `$$` escapes.
function expand(value: string, environment: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) =>
    name === undefined ? '$' : (environment[name] ?? match),
  );
}
