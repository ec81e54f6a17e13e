export default {
  displayName: 'query',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
