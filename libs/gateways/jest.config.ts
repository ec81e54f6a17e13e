export default {
  displayName: 'gateways',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
