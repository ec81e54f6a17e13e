export default {
  displayName: 'command',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
