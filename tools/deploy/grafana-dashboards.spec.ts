// The Grafana dashboards: the four the operators' guide names, each importable (unique ids, the Prometheus data
// source as a variable), and every panel query valid PromQL that reads only recording rules PPM's rules define.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const DEPLOY = join(__dirname, '..', '..', 'deploy');
const DASHBOARDS = join(DEPLOY, 'grafana');

interface Panel {
  id: number;
  title: string;
  datasource: { uid: string };
  targets: Array<{ expr: string }>;
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: string }> };
}

const dashboards = readdirSync(DASHBOARDS)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(DASHBOARDS, name), 'utf8')) as Dashboard);

const recorded = new Set(
  readdirSync(join(DEPLOY, 'prometheus'))
    .filter((name) => name.endsWith('.rules.yml'))
    .flatMap((name) =>
      (
        parse(readFileSync(join(DEPLOY, 'prometheus', name), 'utf8')) as {
          groups: Array<{ rules: Array<{ record?: string }> }>;
        }
      ).groups.flatMap((group) => group.rules.flatMap((rule) => rule.record ?? [])),
    ),
);

describe('the Grafana dashboards', () => {
  it('are the overview, payments, messaging and gateways dashboards, each with its own uid', () => {
    expect(dashboards.map((dashboard) => dashboard.uid).sort()).toEqual([
      'ppm-gateways',
      'ppm-messaging',
      'ppm-overview',
      'ppm-payments',
    ]);
  });

  it.each(dashboards.map((dashboard) => [dashboard.title, dashboard]))(
    '%s queries the Prometheus picked in its data source variable, with unique panel ids',
    (_, dashboard) => {
      const variable = dashboard.templating.list.find((item) => item.type === 'datasource');
      expect(variable).toMatchObject({ name: 'datasource', query: 'prometheus' });
      expect(dashboard.panels.every((panel) => panel.datasource.uid === '${datasource}')).toBe(true);
      expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
      expect(dashboard.panels.every((panel) => panel.targets.length > 0)).toBe(true);
    },
  );

  it('reads only recording rules that the rule files define', () => {
    const used = dashboards.flatMap((dashboard) =>
      dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/\bppm:[\w:]+/g) ?? [])),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !recorded.has(name))).toEqual([]);
  });

  it('holds only valid PromQL (promtool parses each query as a recording rule)', () => {
    const rules = dashboards.flatMap((dashboard) =>
      dashboard.panels.flatMap((panel) =>
        panel.targets.map((target, i) => ({
          record: `dashboard_${dashboard.uid.replace(/-/g, '_')}_${panel.id}_${i}`,
          expr: target.expr,
        })),
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'ppm-dashboards-'));
    try {
      const file = join(dir, 'dashboards.rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
      // promtool's path is checked, with what to run when it is missing, by prometheus-rules.spec.ts.
      const result = spawnSync('/usr/bin/promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
