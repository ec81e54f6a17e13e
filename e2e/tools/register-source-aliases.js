// Resolves the workspace's `@ppm/<name>` aliases (tsconfig.base.json paths) to their TypeScript sources, for the
// e2e project's scripts run through ts-node (the testing lib they use is not part of the build in dist/).
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const root = path.join(__dirname, '..', '..');
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]),
);
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  return resolve.call(this, aliases.get(request) ?? request, ...rest);
};
