// Renders deploy/k8s's kustomizations without the kustomize binary, for tests that validate what `kubectl apply -k`
// would send. It implements the subset the overlays use, with kustomize's meaning: resources (files and
// directories), components, strategic-merge patches (inline or by path, targeted by kind and name, `$patch: delete`,
// lists of named items merged by name), images, namespace and labels (with includeTemplates). Anything else in a
// kustomization is refused, so an overlay cannot silently rely on a feature rendered differently here.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as rendered. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  components?: string[];
  patches?: Array<{ path?: string; patch?: string }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'patches',
  'images',
  'namespace',
  'labels',
]);

type Json = Record<string, unknown>;

/**
 * The objects `kubectl kustomize <dir>` renders. `extraComponents` (paths relative to `dir`) are applied as if
 * listed in its `components`, to render an overlay with an optional component.
 */
export function renderKustomization(dir: string, extraComponents: string[] = []): KubernetesObject[] {
  const kustomization = readKustomization(dir);
  let objects = resourcesOf(dir, kustomization);
  for (const component of [...(kustomization.components ?? []), ...extraComponents]) {
    const componentDir = join(dir, component);
    const componentKustomization = readKustomization(componentDir);
    objects = transform(componentDir, componentKustomization, [
      ...objects,
      ...resourcesOf(componentDir, componentKustomization),
    ]);
  }
  return transform(dir, kustomization, objects);
}

function resourcesOf(dir: string, kustomization: Kustomization): KubernetesObject[] {
  return (kustomization.resources ?? []).flatMap((entry) => loadResource(join(dir, entry)));
}

function readKustomization(dir: string): Kustomization {
  const path = join(dir, 'kustomization.yaml');
  if (!existsSync(path)) throw new Error(`${dir} has no kustomization.yaml`);
  const kustomization = parseAllDocuments(readFileSync(path, 'utf8'))[0].toJS() as Kustomization;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${path}: the renderer does not implement ${unsupported.join(', ')}`);
  return kustomization;
}

function loadResource(path: string): KubernetesObject[] {
  return statSync(path).isDirectory() ? renderKustomization(path) : readObjects(path);
}

function readObjects(path: string): KubernetesObject[] {
  return parseDocuments(readFileSync(path, 'utf8'), path);
}

function parseDocuments(text: string, source: string): KubernetesObject[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
    return document.toJS() as KubernetesObject;
  });
}

// A kustomization's transformers, in kustomize's order: patches, images, namespace, labels.
function transform(dir: string, kustomization: Kustomization, objects: KubernetesObject[]): KubernetesObject[] {
  let result = objects;
  for (const patch of kustomization.patches ?? []) {
    const documents = patch.path
      ? readObjects(resolve(dir, patch.path))
      : parseDocuments(patch.patch ?? '', `${dir} inline patch`);
    for (const document of documents) result = applyPatch(result, document, dir);
  }
  for (const image of kustomization.images ?? []) result = result.map((object) => withImage(object, image));
  if (kustomization.namespace) {
    const namespace = kustomization.namespace;
    result = result.map((object) => ({ ...object, metadata: { ...object.metadata, namespace } }));
  }
  for (const label of kustomization.labels ?? []) {
    if (label.includeSelectors) throw new Error(`${dir}: labels with includeSelectors are not implemented`);
    result = result.map((object) => withLabels(object, label.pairs, label.includeTemplates ?? false));
  }
  return result;
}

function applyPatch(objects: KubernetesObject[], patch: KubernetesObject, dir: string): KubernetesObject[] {
  const index = objects.findIndex(
    (object) =>
      object.apiVersion === patch.apiVersion &&
      object.kind === patch.kind &&
      object.metadata.name === patch.metadata.name,
  );
  if (index < 0) throw new Error(`${dir}: the patch of ${patch.kind}/${patch.metadata.name} matches no resource`);
  if (patch.$patch === 'delete') return objects.filter((_, i) => i !== index);
  const merged = strategicMerge(objects[index], patch) as KubernetesObject;
  return objects.map((object, i) => (i === index ? merged : object));
}

/** Kubernetes' strategic merge for the shapes the overlays patch: maps merge, null deletes, named items merge by name. */
function strategicMerge(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every(isNamed) || !target.every(isNamed)) return patch;
    const merged = target.map((item) => {
      const update = patch.find((candidate) => candidate.name === item.name);
      return update ? strategicMerge(item, update) : item;
    });
    return [...merged, ...patch.filter((item) => !target.some((existing) => existing.name === item.name))];
  }
  if (!isObject(patch) || !isObject(target)) return patch;
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = strategicMerge(target[key], value);
  }
  return result;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNamed(value: unknown): value is Json & { name: unknown } {
  return isObject(value) && typeof value.name === 'string';
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The pod template of a workload kustomize knows (images and template labels apply only to those). */
function podTemplateOf(object: KubernetesObject): { metadata?: Json; spec?: Json } | undefined {
  if (!WORKLOADS.has(object.kind)) return undefined;
  return (object.spec as { template?: { metadata?: Json; spec?: Json } } | undefined)?.template;
}

function withImage(
  object: KubernetesObject,
  image: { name: string; newName?: string; newTag?: string },
): KubernetesObject {
  const copy = structuredClone(object);
  const podSpec = podTemplateOf(copy)?.spec;
  for (const container of [
    ...((podSpec?.containers as Json[]) ?? []),
    ...((podSpec?.initContainers as Json[]) ?? []),
  ]) {
    const [name, tag] = String(container.image).split(':');
    if (name !== image.name) continue;
    container.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
  }
  return copy;
}

function withLabels(
  object: KubernetesObject,
  pairs: Record<string, string>,
  includeTemplates: boolean,
): KubernetesObject {
  const copy = structuredClone(object);
  copy.metadata.labels = { ...copy.metadata.labels, ...pairs };
  const template = includeTemplates ? podTemplateOf(copy) : undefined;
  if (template)
    template.metadata = { ...template.metadata, labels: { ...(template.metadata?.labels as Json), ...pairs } };
  return copy;
}
