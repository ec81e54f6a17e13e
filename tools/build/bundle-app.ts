// `node dist/tools/build/bundle-app.js <app> [entry ...]`: joins the tsc output of each of an app's entries (in
// dist/apps/<app>/src; main unless named) and of the workspace files it requires into dist/apps/<app>/<entry>.js, so
// production runs `node dist/apps/<app>/main.js` with neither the `@ppm/*` alias hook nor TypeScript. tsc stays the
// compiler because NestJS DI and class-transformer read the decorator metadata only tsc emits; this step only links
// its CommonJS modules, which it leaves as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { linkedBundle, type LinkedModule } from './linked-bundle';

const ROOT = resolve(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');
// tsc writes an import's require with double quotes; a require written by hand (a lazy load) keeps its own quotes.
const REQUIRE = /\brequire\((["'])([^"']+)\1\)/g;
// What a joined module could not keep: a require the linker cannot follow, and its own location on disk.
const UNLINKABLE = /\brequire\((?!["'])|\b__dirname\b|\b__filename\b/;
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=\S+\s*$/;

interface TsConfig {
  compilerOptions: { paths: Record<string, [string]> };
}

/** Where each `@ppm/*` alias points in dist/ (tsconfig.base.json's paths, compiled). */
const ALIASES = new Map(
  Object.entries(
    (JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as TsConfig).compilerOptions.paths,
  ).map(([alias, [target]]) => [alias, join(DIST, target.replace(/\.ts$/, '.js'))]),
);

/** The compiled file a workspace specifier names, or undefined for a package or a Node built-in (left to require). */
function workspaceFile(specifier: string, from: string): string | undefined {
  const aliased = ALIASES.get(specifier);
  if (aliased) return aliased;
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const file = [`${base}.js`, join(base, 'index.js')].find((candidate) => existsSync(candidate));
  if (file) return file;
  throw new Error(`${relative(ROOT, from)} requires ${specifier}, which tsc did not emit`);
}

/** Every workspace module reachable from `entry`, the entry first. */
function reachableModules(entry: string): LinkedModule[] {
  const modules = new Map<string, LinkedModule>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (modules.has(file)) continue;
    const source = readFileSync(file, 'utf8').replace(SOURCE_MAP_COMMENT, '\n');
    const unlinkable = UNLINKABLE.exec(source);
    if (unlinkable) throw new Error(`${relative(ROOT, file)} uses ${unlinkable[0]}, which a bundle cannot keep`);
    const requires = new Map<string, string>();
    for (const [, , specifier] of source.matchAll(REQUIRE)) {
      const target = workspaceFile(specifier, file);
      if (target === undefined) continue;
      requires.set(specifier, relative(DIST, target));
      pending.push(target);
    }
    modules.set(file, { id: relative(DIST, file), source, requires });
  }
  return [...modules.values()];
}

function main(app: string | undefined, entries: readonly string[]): void {
  if (!app) throw new Error('usage: bundle-app.js <app> [entry ...] (default main)');
  for (const entry of entries.length > 0 ? entries : ['main']) {
    const modules = reachableModules(join(DIST, 'apps', app, 'src', `${entry}.js`));
    writeFileSync(join(DIST, 'apps', app, `${entry}.js`), linkedBundle(modules));
    process.stdout.write(`[bundle] dist/apps/${app}/${entry}.js: ${modules.length} modules\n`);
  }
}

main(process.argv[2], process.argv.slice(3));
