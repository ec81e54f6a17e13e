export default {
  displayName: 'cache',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
