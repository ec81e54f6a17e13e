// Resolves the workspace's `@ppm/<lib>` aliases to the compiled libs in dist/, for `node dist/...` runs.
const Module = require('node:module');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist', 'libs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  const match = /^@ppm\/([a-z-]+)$/.exec(request);
  return resolve.call(this, match ? path.join(dist, match[1], 'src', 'index.js') : request, ...rest);
};
