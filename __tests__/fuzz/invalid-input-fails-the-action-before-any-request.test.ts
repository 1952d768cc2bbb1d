import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { ROOT, annotations, runAction } from '../../scripts/github-runner.js';
import { parseGitLabUrl } from '../../src/core/parse/gitlab-url.js';
import { parseProject } from '../../src/core/parse/project.js';
import { parseVariables } from '../../src/core/parse/variables.js';
import { anyText, hasLoneSurrogate, outcome } from './generators.js';

// The built dist/index.js, run as a GitHub runner runs it: whatever unusable value a step
// gives, the step fails with one error naming the input, and GitLab hears nothing.

const PARSERS = {
  variables: (value: string, input: string) => parseVariables(value, input),
  project: (value: string, input: string) => parseProject(value, input, 'gitlab_url'),
  gitlab_url: (value: string, input: string) => parseGitLabUrl(value, input, 'token'),
} as const;
type Checked = keyof typeof PARSERS;

/** Values the runner can pass at all: an environment variable holds no NUL and only UTF-8. */
const passable = (value: string): boolean => !value.includes('\0') && !hasLoneSurrogate(value);
const refused = (input: Checked) => (value: string) =>
  passable(value) && !outcome(() => PARSERS[input](value, input)).ok;

const soup = (pieces: string[]) =>
  fc
    .array(fc.oneof(anyText, fc.constantFrom(...pieces)), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(''));

const invalid: Record<Checked, fc.Arbitrary<string>> = {
  variables: fc.oneof(
    fc.constantFrom(
      'MY-VAR: x',
      'TRIGGER_PAYLOAD: x',
      'A: 1\nA: 2',
      'A=1\nA=2',
      'A: [1, 2]',
      'A:\n  nested: 1',
      '- a\n- b',
      'A: "unclosed',
      `${'K'.repeat(256)}: x`,
    ),
    soup(['\n', ': ', '=', '- ', '[', '{', '"', 'A', 'MY-VAR', 'TRIGGER_PAYLOAD']),
  ),
  project: fc.oneof(
    fc.constantFrom('just-a-name', '0', 'group//project', 'group%252Fproject', 'https://x/a/b'),
    soup(['/', '%2F', ' ', 'group', '0']),
  ),
  gitlab_url: fc.oneof(
    fc.constantFrom(
      'gitlab.example.com',
      'ftp://gitlab.example.com',
      'https://gitlab.example.com/?x=1',
      'https://gitlab.example.com/api/v4/projects/1',
      'https://user:pass@gitlab.example.com',
    ),
    soup(['https://', 'http://', 'ftp://', '/api/v4', '?', '#', '@', ' ']),
  ),
};

const badInput = fc
  .constantFrom<Checked>('variables', 'project', 'gitlab_url')
  .chain((input) => invalid[input].filter(refused(input)).map((value) => ({ input, value })));

let emu: Emulator;
beforeAll(async () => {
  // Another session may be rebuilding dist/; give it a minute rather than fail at once.
  for (let i = 0; i < 60 && !existsSync(join(ROOT, 'dist', 'index.js')); i++) await sleep(1000);
  emu = await startEmulator();
}, 70_000);
afterAll(() => emu.close());

describe('the action given an unusable variables, project or gitlab_url', () => {
  it('fails with one error naming the input and sends no request', async () => {
    await fc.assert(
      fc.asyncProperty(badInput, async ({ input, value }) => {
        const before = emu.requests.length;
        const run = await runAction({
          with: {
            gitlab_url: emu.url,
            project: emu.seed.projectPath,
            ref: 'main',
            token: emu.seed.triggerToken,
            [input]: value,
          },
        });
        expect(run.exitCode).toBe(1);
        const errors = annotations(run.stdout, 'error');
        expect(errors).toHaveLength(1);
        expect(errors[0]?.startsWith(`Input '${input}'`)).toBe(true);
        expect(emu.requests.length).toBe(before);
        expect(run.everything.replace(/^::add-mask::.*$/gm, '')).not.toContain(
          emu.seed.triggerToken,
        );
      }),
      { numRuns: 12 },
    );
  }, 60_000);
});
