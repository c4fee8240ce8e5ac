// ESM + TypeScript through ts-jest in transpile-only mode: `npm test` type-checks the
// whole tree (tests included) with tsc first, so jest need not do it again per file.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // strip-bom: see test/shims/strip-bom.cjs.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^strip-bom$': '<rootDir>/test/shims/strip-bom.cjs' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
