// The tools (ops CLI, seed, demo) are not an Nx project: lint's module boundaries would refuse their imports of
// app internals until they move behind libs. Their unit specs run from here, called by tools/test.sh.
export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  rootDir: '.',
};
