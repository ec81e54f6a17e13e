// Shared by every project's jest.config.ts. PPM_TEST_KIND picks the kind of test a run executes:
// "unit" (*.spec.ts, no I/O), "int" (*.int-spec.ts, against the real servers of tools/infra.sh) or "e2e"
// (*.e2e-spec.ts, the compiled apps as real processes).
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const kind = process.env.PPM_TEST_KIND ?? 'unit';
const patterns = { unit: '**/?(*.)spec.ts', int: '**/?(*.)int-spec.ts', e2e: '**/?(*.)e2e-spec.ts' };
if (!patterns[kind]) throw new Error(`PPM_TEST_KIND must be one of ${Object.keys(patterns).join(', ')}`);

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  testMatch: [patterns[kind]],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  testTimeout: kind === 'unit' ? 5_000 : 60_000,
  passWithNoTests: true,
};
