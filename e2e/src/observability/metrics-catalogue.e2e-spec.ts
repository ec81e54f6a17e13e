// Every metric an alert rule or a dashboard panel reads exists on the running apps' /metrics, every PPM metric the
// apps expose is in the catalogue (docs/metrics.md), and the edge writes its access log and request histogram.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '@ppm/migrations';
import { TestStack, type StackApp } from '@ppm/testing';
import { exposedNames, metricNamesIn, monitoringQueries } from './monitoring-queries';

const ROOT = join(__dirname, '..', '..', '..');
const APPS: StackApp[] = ['gateway', 'command', 'query', 'worker'];

describe('the metrics the rules, the dashboards and the catalogue name, on the running apps', () => {
  let stack: TestStack;
  const expositions = new Map<StackApp, string>();

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'metrics-catalogue-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: { gateway: {}, command: {}, query: {}, worker: {} },
    });
    for (const app of APPS) expositions.set(app, await (await fetch(`${stack.app(app).url}/metrics`)).text());
  });
  afterAll(() => stack?.stop());

  it('reads the metric names out of PromQL, leaving functions, labels, durations and keywords', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, gateway) (rate(a_bucket{x="y{z}"}[5m]))) > 2 and on (job) ppm:b:rate5m ' +
          'or time() - max without (instance) (c_seconds offset 1h) > bool 3',
      ).sort(),
    ).toEqual(['a_bucket', 'c_seconds', 'ppm:b:rate5m']);
  });

  it('exposes every metric an alert rule or a dashboard panel reads', () => {
    const exposed = new Set([...expositions.values()].flatMap((text) => [...exposedNames(text)]));
    const queries = monitoringQueries(join(ROOT, 'deploy'));
    const missing = queries.flatMap((query) =>
      metricNamesIn(query.expr)
        .filter((name) => !name.includes(':') && !exposed.has(name))
        .map((name) => `${name} (${query.source})`),
    );
    expect(queries.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('reads recording rules only where a rule file records them', () => {
    const queries = monitoringQueries(join(ROOT, 'deploy'));
    const recordedNames = new Set(
      queries.flatMap((query) => /\.rules\.yml (ppm:[\w:]+)$/.exec(query.source)?.[1] ?? []),
    );
    const unknown = queries.flatMap((query) =>
      metricNamesIn(query.expr).filter((name) => name.includes(':') && !recordedNames.has(name)),
    );
    expect(recordedNames.size).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });

  it("catalogues every one of PPM's metrics in docs/metrics.md", () => {
    const catalogue = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
    const ours = [...expositions.values()].flatMap((text) =>
      [...text.matchAll(/^# TYPE ((?:ppm|http)_\w+) /gm)].map((match) => match[1]),
    );
    expect(ours.length).toBeGreaterThan(20);
    expect([...new Set(ours)].filter((name) => !catalogue.includes(`\`${name}\``))).toEqual([]);
  });

  it('logs each request at the edge with its route template, status, duration and trace id, and times it', async () => {
    const gateway = stack.app('gateway');
    const response = await fetch(`${gateway.url}/api/v1/ppm/transactions/${'0'.repeat(8)}-0000-4000-8000-000000000000`);
    expect(response.status).toBe(401);
    const traceId = response.headers.get('x-request-id');
    const deadline = Date.now() + 5_000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = gateway
        .output()
        .split('\n')
        .filter((text) => text.includes('"context":"http"') && text.includes(String(traceId)))
        .map((text) => JSON.parse(text) as Record<string, unknown>)[0];
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(line).toMatchObject({
      method: 'GET',
      route: '/api/v1/ppm/transactions/:id',
      status: 401,
      traceId,
      durationMs: expect.any(Number) as number,
    });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^http_server_request_duration_seconds_count\{[^}]*route="\/api\/v1\/ppm\/transactions\/:id",status_code="401"\} 1$/m,
    );
  });
});
