import { describe, expect, it } from '@jest/globals';
import { join, matchesGlob, relative } from 'node:path';
import { ROOT } from '../scripts/github-runner.js';
import { GROUPS } from '../scripts/mutation-groups.mjs';
import { reachedFrom, sources } from './helpers/source-graph.js';

// `npm run mutate` mutates each group's files against that group's tests only: a file whose
// tests are elsewhere scores 0 % (no test reaches it), and a file in no group is not measured.
// The files docs/mutation.md promises to measure stay in exactly one group each, reached by it.

const MEASURED = [
  'src/core/redact.ts',
  'src/core/retry.ts',
  'src/core/poll-schedule.ts',
  ...sources(join(ROOT, 'src/core/parse')).map((file) => relative(ROOT, file)),
];

/** The project's files a list of globs names, `!pattern` leaving some out. */
function expand(patterns: readonly string[], among: readonly string[]): string[] {
  const matches = (file: string, pattern: string) => matchesGlob(file, pattern);
  return among.filter(
    (file) =>
      patterns.some((p) => !p.startsWith('!') && matches(file, p)) &&
      !patterns.some((p) => p.startsWith('!') && matches(file, p.slice(1))),
  );
}

const TESTS = sources(join(ROOT, '__tests__')).map((file) => relative(ROOT, file));
const groups = Object.entries(GROUPS).map(([name, group]) => ({
  name,
  mutated: expand(group.mutate, MEASURED),
  tests: expand(group.tests, TESTS),
}));

describe('the mutation groups', () => {
  it('measure every file docs/mutation.md names, each in one group', () => {
    const owners = MEASURED.map((file) => ({
      file,
      groups: groups.filter((g) => g.mutated.includes(file)).map((g) => g.name),
    }));
    expect(owners.filter((o) => o.groups.length !== 1)).toEqual([]);
  });

  it('reach each mutated file from the group’s own tests', () => {
    const unreached = groups.flatMap((group) => {
      expect(group.tests.length).toBeGreaterThan(0);
      const reached = reachedFrom(group.tests.map((test) => join(ROOT, test)));
      return group.mutated
        .filter((file) => !reached.has(join(ROOT, file)))
        .map((file) => `${group.name}: ${file}`);
    });
    expect(unreached).toEqual([]);
  });
});
