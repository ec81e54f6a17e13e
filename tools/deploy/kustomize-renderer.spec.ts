// The renderer gives kustomize's results for the features the overlays use, and refuses the ones it lacks.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomization } from './kustomize-renderer';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers:
        - name: main
          image: ppm:latest
          env: [{ name: A, value: '1' }, { name: B, value: '2' }]
        - { name: sidecar, image: other:1 }
`;
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: app }
spec: { maxReplicas: 3 }
`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ppm-kustomize-'));
  mkdirSync(join(root, 'base'));
  mkdirSync(join(root, 'overlay'));
  writeFileSync(join(root, 'base', 'app.yaml'), `${DEPLOYMENT}---\n${HPA}`);
  writeFileSync(
    join(root, 'base', 'kustomization.yaml'),
    'resources: [app.yaml]\nlabels: [{ pairs: { team: pay }, includeTemplates: true }]\n',
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function overlay(kustomization: string): void {
  writeFileSync(join(root, 'overlay', 'kustomization.yaml'), kustomization);
}

describe('renderKustomization', () => {
  it('merges named list items by name, sets images, namespace and template labels', () => {
    overlay(`namespace: prod
resources: [../base]
images: [{ name: ppm, newName: registry/ppm, newTag: '1.2' }]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: app }
      spec:
        template:
          spec:
            containers:
              - name: main
                env: [{ name: B, value: '3' }, { name: C, value: '4' }]
`);
    const [deployment, hpa] = renderKustomization(join(root, 'overlay'));
    const template = (deployment.spec as { template: { metadata: object; spec: { containers: object[] } } }).template;
    expect(template.spec.containers).toEqual([
      {
        name: 'main',
        image: 'registry/ppm:1.2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '3' },
          { name: 'C', value: '4' },
        ],
      },
      { name: 'sidecar', image: 'other:1' },
    ]);
    expect(template.metadata).toEqual({ labels: { app: 'app', team: 'pay' } });
    expect([deployment.metadata.namespace, hpa.metadata.namespace]).toEqual(['prod', 'prod']);
    expect(hpa.metadata.labels).toEqual({ team: 'pay' });
  });

  it('deletes an object with $patch: delete from a component', () => {
    mkdirSync(join(root, 'component'));
    writeFileSync(join(root, 'component', 'delete.yaml'), `$patch: delete\n${HPA}`);
    writeFileSync(join(root, 'component', 'kustomization.yaml'), 'kind: Component\npatches: [{ path: delete.yaml }]\n');
    overlay('resources: [../base]\n');
    expect(renderKustomization(join(root, 'overlay'), ['../component']).map((object) => object.kind)).toEqual([
      'Deployment',
    ]);
  });

  it('refuses a patch that matches nothing and a feature it does not implement', () => {
    overlay('resources: [../base]\npatches: [{ patch: "apiVersion: v1\\nkind: Service\\nmetadata: { name: app }" }]\n');
    expect(() => renderKustomization(join(root, 'overlay'))).toThrow(/matches no resource/);
    overlay('resources: [../base]\nconfigMapGenerator: [{ name: x }]\n');
    expect(() => renderKustomization(join(root, 'overlay'))).toThrow(/does not implement configMapGenerator/);
  });
});
