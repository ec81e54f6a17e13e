// The metric names PPM's alert rules and Grafana dashboards read, taken from their PromQL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** One PromQL expression and where it comes from. */
export interface MonitoringQuery {
  source: string;
  expr: string;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS_ALSO = new Set(['bool', 'offset', 'inf', 'nan', 'le']);

/** Every rule's and every dashboard panel's expression under `deployDir` (deploy/). */
export function monitoringQueries(deployDir: string): MonitoringQuery[] {
  const rulesDir = join(deployDir, 'prometheus');
  const rules = readdirSync(rulesDir)
    .filter((name) => name.endsWith('.rules.yml'))
    .flatMap((name) => {
      const file = parse(readFileSync(join(rulesDir, name), 'utf8')) as {
        groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }>;
      };
      return file.groups.flatMap((group) =>
        group.rules.map((rule) => ({ source: `${name} ${rule.alert ?? rule.record}`, expr: rule.expr })),
      );
    });
  const dashboardsDir = join(deployDir, 'grafana');
  const panels = readdirSync(dashboardsDir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const dashboard = JSON.parse(readFileSync(join(dashboardsDir, name), 'utf8')) as {
        panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
      };
      return dashboard.panels.flatMap((panel) =>
        panel.targets.map((target) => ({ source: `${name} "${panel.title}"`, expr: target.expr })),
      );
    });
  return [...rules, ...panels];
}

/**
 * The metric names an expression selects: identifiers left once strings, label matchers, range durations and
 * the label lists of `by`/`without`/`on`/`ignoring`/`group_*` are removed (and a duration such as `offset 1h` is no name), that are neither a function (followed
 * by a parenthesis) nor a keyword. Recording rules' names (with a colon) are included.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.])[A-Za-z_:][\w:]*/g)) {
    const after = stripped.slice((match.index ?? 0) + match[0].length);
    if (/^\s*\(/.test(after)) continue;
    if (KEYWORDS.has(match[0]) || KEYWORDS_ALSO.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
}

/**
 * The sample names a Prometheus exposition can carry: each `# TYPE` line's name, with `_bucket`, `_count` and
 * `_sum` for histograms and summaries (a labelled metric nobody observed yet has its TYPE line and no sample).
 */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${name}${suffix}`);
    }
  }
  return names;
}
