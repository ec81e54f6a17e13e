export default {
  displayName: 'reconciliation',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
