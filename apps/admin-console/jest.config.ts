export default {
  displayName: 'admin-console',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
