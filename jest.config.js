/**
 * ESM jest: ts-jest's default-esm preset, run with `node --experimental-vm-modules` (see the
 * test script). Type checking is `npm run typecheck`'s job, so tests only transpile.
 */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Tests that only a real MongoDB passes (FerretDB's updates are not isolated across connections)
  // run when MONGODB_URI points the suite at one.
  testPathIgnorePatterns: process.env.MONGODB_URI ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/mongodb-only/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/support/globalSetup.js',
  globalTeardown: '<rootDir>/test/support/globalTeardown.js',
  testTimeout: 30000,
};
