export default {
  displayName: 'gateway-sandbox',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
