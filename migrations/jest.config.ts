export default {
  displayName: 'migrations',
  preset: '../jest.preset.js',
  rootDir: '.',
};
