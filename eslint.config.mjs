import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// What `libs/domain` must never import: it is plain TypeScript, testable in milliseconds.
const FRAMEWORKS_AND_DRIVERS = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'ioredis',
  'amqplib',
  'nats',
  'opossum',
  'class-validator',
  'class-transformer',
  'prom-client',
  'pino',
];

// The compose file's and the Kubernetes workloads' tests load each app's configuration class with the environment
// compose or a pod gives it: the one place a tool reaches into apps, named one by one so no other import of an app
// gets through.
const COMPOSE_TEST_APP_IMPORTS = [
  '../../apps/command/src/command.config',
  '../../apps/gateway/src/gateway.config',
  '../../apps/gateway-sandbox/src/sandbox.config',
  '../../apps/query/src/query.config',
  '../../apps/worker/src/worker.config',
];

/** The module boundaries of the workspace's tags; `allow` lists imports exempt from them. */
function moduleBoundaries(allow = []) {
  return [
    'error',
    {
      allow,
      enforceBuildableLibDependency: false,
      banTransitiveDependencies: false,
      checkDynamicDependenciesExceptions: [],
      depConstraints: [
        {
          sourceTag: 'type:domain',
          onlyDependOnLibsWithTags: ['type:domain'],
          bannedExternalImports: FRAMEWORKS_AND_DRIVERS,
        },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
        // The domain only for its vocabulary: a spec checks the schema's CHECK constraints against its lists.
        { sourceTag: 'type:migrations', onlyDependOnLibsWithTags: ['type:testing', 'type:domain'] },
        // Infra libs' own *.int-spec.ts files use the testing lib; nothing in it is imported by production code paths.
        {
          sourceTag: 'type:infra',
          onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain', 'type:testing', 'type:migrations'],
        },
        {
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:testing', 'type:infra', 'type:contracts', 'type:domain', 'type:migrations'],
        },
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain', 'type:testing', 'type:migrations'],
        },
        // The operator tools and the bench: libs only.
        {
          sourceTag: 'type:tool',
          onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain', 'type:migrations'],
        },
        // The admin console runs in the browser and talks to PPM only over HTTP; of the workspace it imports only the
        // domain, plain TypeScript without drivers, for what the browser checks itself (a VietQR code's CRC).
        { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:domain'] },
        {
          sourceTag: 'type:e2e',
          onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:infra', 'type:migrations'],
        },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules',
      'dist',
      '.infra',
      '.nx',
      'coverage',
      'tmp',
      '**/*.js',
      '**/*.mjs',
      '**/jest.config.ts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(),
      // Config classes need explicit field types: class-transformer converts env strings by the emitted type.
      '@typescript-eslint/no-inferrable-types': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['tools/deploy/compose-stack.spec.ts', 'tools/deploy/kubernetes-workloads.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(COMPOSE_TEST_APP_IMPORTS) },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  prettier,
);
