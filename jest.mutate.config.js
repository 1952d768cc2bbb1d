import base from './jest.config.js';
import { GROUPS } from './scripts/mutation-groups.mjs';

// The group `npm run mutate` is measuring (scripts/mutate.mjs sets it); all groups otherwise.
const group = process.env.MUTATION_GROUP;
const tests = group ? GROUPS[group]?.tests : Object.values(GROUPS).flatMap((g) => g.tests);
if (!tests) throw new Error(`MUTATION_GROUP is '${group}': give one of ${Object.keys(GROUPS)}`);

/**
 * The unit tests that pin down the files `npm run mutate` mutates (stryker.config.mjs): fast,
 * in process, no bundle, no network (the suites through a client or the emulator reach these
 * files too, but would make each mutant cost seconds). No global setup: a mutant lives in
 * Stryker's copy of src/, and dist/ is not what these tests run.
 * @type {import('jest').Config}
 */
export default {
  ...base,
  globalSetup: undefined,
  // The tests run inside Stryker's copy of the project, which jest.config.js leaves out.
  testPathIgnorePatterns: ['/node_modules/'],
  modulePathIgnorePatterns: [],
  testMatch: tests.map((path) => `<rootDir>/${path}`),
};
