// The Prometheus rule files load (`promtool check rules`), their unit tests pass (`promtool test rules`), and every
// alert has a test that makes it fire.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const RULES_DIR = join(__dirname, '..', '..', 'deploy', 'prometheus');
const TESTS_DIR = join(RULES_DIR, 'tests');
const PROMTOOL = '/usr/bin/promtool';

const ruleFiles = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.rules.yml'))
  .map((name) => join(RULES_DIR, name));
const testFiles = readdirSync(TESTS_DIR)
  .filter((name) => name.endsWith('.test.yml'))
  .map((name) => join(TESTS_DIR, name));

function promtool(...args: string[]): { status: number | null; output: string } {
  if (!existsSync(PROMTOOL)) {
    throw new Error(`${PROMTOOL} is missing: run \`bash tools/infra.sh test-tools\` (Debian's prometheus package)`);
  }
  const result = spawnSync(PROMTOOL, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface RuleFile {
  groups: Array<{ rules: Array<{ alert?: string; record?: string }> }>;
}
interface TestFile {
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
}

describe('the Prometheus rules', () => {
  it('load with promtool', () => {
    const { status, output } = promtool('check', 'rules', ...ruleFiles);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as string });
  });

  it("pass promtool's unit tests", () => {
    const { status, output } = promtool('test', 'rules', ...testFiles);
    expect({ status, output }).toEqual({ status: 0, output: expect.not.stringContaining('FAILED') as string });
  });

  it('have a test in which each alert fires', () => {
    const alerts = ruleFiles.flatMap((file) =>
      (parse(readFileSync(file, 'utf8')) as RuleFile).groups.flatMap((group) =>
        group.rules.flatMap((rule) => rule.alert ?? []),
      ),
    );
    const firing = new Set(
      testFiles.flatMap((file) =>
        (parse(readFileSync(file, 'utf8')) as TestFile).tests.flatMap((test) =>
          (test.alert_rule_test ?? []).filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname),
        ),
      ),
    );
    expect(alerts.filter((alert) => !firing.has(alert))).toEqual([]);
  });

  it('refuse a rule file with a broken expression', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppm-rules-'));
    try {
      const broken = join(dir, 'broken.rules.yml');
      writeFileSync(broken, 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum(rate(x[5m]) >\n');
      expect(promtool('check', 'rules', broken).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
