// `node -r ./tools/register-aliases.js dist/bench/render-report.js [bench/results/<date>.json]`: writes the
// Markdown of a bench run again from its JSON, with the current bench/findings.md (the findings are written after
// looking at the run's numbers). Defaults to the newest results file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdown, type BenchReport } from './bench-report';

const ROOT = join(__dirname, '..', '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');

const newest = (): string => {
  const files = readdirSync(RESULTS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const last = files[files.length - 1];
  if (!last) throw new Error(`no results in ${RESULTS_DIR}: run \`npm run bench\` first`);
  return join(RESULTS_DIR, last);
};

const file = process.argv[2] ?? newest();
const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
report.findings = readFileSync(join(ROOT, 'bench', 'findings.md'), 'utf8')
  .trimEnd()
  .split('\n');
writeFileSync(file.replace(/\.json$/, '.md'), markdown(report));
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`rewrote ${file.replace(/\.json$/, '.md')} with the current findings\n`);
