export default {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  rootDir: '.',
  // @fastify/static (the docs UI's files) requires content-disposition, an ES module Jest can't require: compile it
  // (Jest merges this transform with the preset's).
  transform: {
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
};
