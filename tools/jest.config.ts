import { join } from 'node:path';

interface JestPreset {
  transform: Record<string, unknown>;
  moduleNameMapper: Record<string, string>;
}
const preset = require('../jest.preset.js') as JestPreset;

const modules = join(__dirname, '..', 'node_modules');

// kubernetes-models and its helpers ship ES modules only, with `import`-only package exports: the manifest
// validation specs compile them to CommonJS like our own sources and resolve their files directly.
export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  rootDir: '.',
  transform: { ...preset.transform, '^.+\\.js$': preset.transform['^.+\\.ts$'] },
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex)/)'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@kubernetes-models/(base|validate)$': `${modules}/@kubernetes-models/$1/dist/index.js`,
    '^@kubernetes-models/validate/runtime/(.+?)(\\.js)?$': `${modules}/@kubernetes-models/validate/dist/runtime/$1.js`,
    '^(kubernetes-models|@kubernetes-models/[a-z-]+)/(.+?)(\\.js)?$': `${modules}/$1/$2.js`,
  },
};
