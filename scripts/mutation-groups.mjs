// What `npm run mutate` measures: each group is a set of source files mutated together and
// the unit tests that pin them down. A mutant is run against its group's tests only, so one
// that every test meets (a constant read when the module loads) costs seconds, not minutes.
/** @type {Record<string, { mutate: string[], tests: string[] }>} */
export const GROUPS = {
  redact: {
    mutate: ['src/core/redact.ts'],
    tests: ['__tests__/redact.test.ts', '__tests__/cli/output.test.ts'],
  },
  retry: {
    mutate: ['src/core/retry.ts'],
    tests: ['__tests__/retry.test.ts'],
  },
  'poll-schedule': {
    mutate: ['src/core/poll-schedule.ts'],
    tests: ['__tests__/poll-schedule.test.ts'],
  },
  // src/core/parse/ in three groups, so that a constant every test meets runs fewer of them.
  'parse-yaml': {
    mutate: [
      'src/core/parse/variables.ts',
      'src/core/parse/pipeline-inputs.ts',
      'src/core/parse/yaml.ts',
    ],
    tests: ['__tests__/variables.test.ts', '__tests__/inputs.test.ts'],
  },
  'parse-settings': {
    mutate: [
      'src/core/parse/**/*.ts',
      '!src/core/parse/variables.ts',
      '!src/core/parse/pipeline-inputs.ts',
      '!src/core/parse/yaml.ts',
      '!src/core/parse/follow-target.ts',
      '!src/core/parse/stream-logs.ts',
    ],
    tests: ['__tests__/parse/*.test.ts', '__tests__/settings.test.ts'],
  },
  'parse-follow': {
    mutate: ['src/core/parse/follow-target.ts', 'src/core/parse/stream-logs.ts'],
    tests: ['__tests__/parse/follow-target.test.ts', '__tests__/parse/stream-logs.test.ts'],
  },
};
