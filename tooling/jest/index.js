// Shared jest setup: every package has a `unit` and an `integration` project, both
// compiled by swc (type checking is `npm run typecheck`'s job, not the test run's).
const path = require('node:path');

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

/**
 * @param {string} rootDir the package directory
 * @param {{ integrationTimeoutMs?: number }} [options]
 */
function createJestConfig(rootDir, options = {}) {
  const project = (name, testTimeout) => ({
    displayName: name,
    rootDir,
    testEnvironment: 'node',
    transform,
    moduleFileExtensions: ['ts', 'js', 'json'],
    testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
    testTimeout,
  });
  return {
    projects: [project('unit', 10_000), project('integration', options.integrationTimeoutMs ?? 120_000)],
    reporters: ['default', path.join(__dirname, 'summary-reporter.js')],
  };
}

module.exports = { createJestConfig };
