// Resolves the workspace's `@ppm/<name>` aliases (tsconfig.base.json paths) to the compiled files in dist/, for
// `node dist/...` runs.
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    alias,
    path.join(root, 'dist', target.replace(/\.ts$/, '.js')),
  ]),
);
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  return resolve.call(this, aliases.get(request) ?? request, ...rest);
};
