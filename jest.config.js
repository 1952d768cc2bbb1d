/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Refuses a Node.js older than the project's rule in one line, and rebuilds dist/ when src/
  // (or anything else the bundle is built from) changed since it was built.
  globalSetup: './__tests__/global-setup.mjs',
  // Stryker's copies of the project (npm run mutate) are not tests of this one.
  testPathIgnorePatterns: ['/node_modules/', '/\\.stryker-tmp'],
  modulePathIgnorePatterns: ['/\\.stryker-tmp'],
  // The end-to-end suites spawn the bundled action and an emulator; two workers fit the machine.
  maxWorkers: 2,
  testTimeout: 30000,
};
