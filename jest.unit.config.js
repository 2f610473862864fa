// `npm run test:unit`: every suite outside test/e2e/, which holds those that run terraform or child processes.
const base = require('./jest.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  // A unit suite that starts a process fails, saying where it belongs.
  setupFiles: [...base.setupFiles, '<rootDir>/test/support/no-child-processes.ts'],
};
