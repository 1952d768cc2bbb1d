// `npm run mutate`: how well the tests guard the core's parsing, redaction, retries and polling
// schedule, measured by mutation (each mutant is a small change to src/ that a test must notice).
// Not part of `npm test`: it runs the relevant unit tests once per mutant, many minutes on two
// cores. scripts/mutate.mjs runs one group of scripts/mutation-groups.mjs at a time
// (`npm run mutate -- retry`); the scores are kept in docs/mutation.md.
import { GROUPS } from './scripts/mutation-groups.mjs';

const group = process.env.MUTATION_GROUP;
const name = group ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: group ? (GROUPS[group]?.mutate ?? []) : Object.values(GROUPS).flatMap((g) => g.mutate),
  testRunner: 'jest',
  // The group's tests (jest.mutate.config.js reads MUTATION_GROUP too).
  jest: { configFile: 'jest.mutate.config.js', enableFindRelatedTests: false },
  // The tests are ES modules, as in `npm test`.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  // Only the tests that reach a mutant run for it.
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: 'always',
};
