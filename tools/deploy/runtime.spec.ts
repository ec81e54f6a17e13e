// The runtime the image ships and the one package.json admits agree: the image on a supported Node LTS, development
// still on Node 20, and the README saying both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines
  .node;

// `>=20.11 <23`: the least admitted version and the first major refused (if any).
function admits(range: string, major: number): boolean {
  const match = /^>=(\d+)(?:\.\d+){0,2}(?:\s+<(\d+))?$/.exec(range);
  if (!match) throw new Error(`engines.node ${range} is not of the form ">=A.B <C"`);
  return major >= Number(match[1]) && (match[2] === undefined || major < Number(match[2]));
}

function stage(name: string): string {
  return dockerfile.split(/^FROM /m).find((part) => new RegExp(`AS ${name}\\s`).test(part)) ?? '';
}

describe('the runtime', () => {
  const imageMajor = Number(/^ARG NODE_IMAGE=node:(\d+)-/m.exec(dockerfile)?.[1]);

  it('builds and runs the image on Node 22, a supported LTS, in every stage', () => {
    expect(imageMajor).toBe(22);
    expect(dockerfile.match(/^FROM .*/gm)?.every((line) => line.startsWith('FROM ${NODE_IMAGE} AS '))).toBe(true);
  });

  it('admits the image’s Node and, for development, Node 20', () => {
    expect(admits(engines, imageMajor)).toBe(true);
    expect(admits(engines, 20)).toBe(true);
  });

  it('says in the README which Node runs where', () => {
    expect(readme).toContain(`\`"node": "${engines}"\``);
    expect(readme).toContain(`Node ${imageMajor}`);
  });

  it('ships production dependencies only, installed without the TypeScript compiler', () => {
    expect(stage('production-dependencies')).toMatch(/npm ci --omit=dev --omit=optional/);
    expect(stage('runtime')).toContain('COPY --from=production-dependencies /app/node_modules ./node_modules');
    expect(stage('runtime')).not.toMatch(/--from=build \/app\/node_modules/);
  });

  it('checks the app’s liveness and runs its bundle', () => {
    expect(stage('runtime')).toMatch(/^HEALTHCHECK .*CMD \["node", "healthcheck.js"\]/m);
    expect(readFileSync(join(ROOT, 'deploy', 'healthcheck.js'), 'utf8')).toContain('/health/live');
    expect(stage('runtime')).toContain('exec node dist/apps/${APP');
  });
});
