// swc strips types without checking them (tsc runs separately in `npm test`), keeping jest fast.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // Two workers on CI's 2 cores: the terraform, workflow and CLI suites mostly wait on child processes.
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/support/register-stacks.ts'],
};
