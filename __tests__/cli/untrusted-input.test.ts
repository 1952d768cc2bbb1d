import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { unfencedLines } from '../../scripts/github-runner.js';
import { cli, tempFiles, type CliRun } from './run-cli.js';

// What the command line does with input it cannot trust, end to end through its main:
// files that are not files, stdin named twice, YAML built to exhaust it, and GitLab answers
// carrying terminal control sequences.

let emu: Emulator;
const files = tempFiles();
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
  files.cleanup();
});

const env = (): Record<string, string> => ({
  GITLAB_URL: emu.url,
  GITLAB_TRIGGER_TOKEN: emu.seed.triggerToken,
  GITLAB_API_TOKEN: emu.seed.apiToken,
});
const run = (): string[] => ['run', '--project', emu.seed.projectPath, '--ref', 'main'];

/** A refusal before anything was sent: exit 2, one error line and a hint, no stack trace. */
async function refused(args: string[], options: { stdin?: string } = {}): Promise<CliRun> {
  const before = emu.requests.length;
  const result = await cli(args, { env: env(), timeoutMs: 15_000, ...options });
  expect(result.code).toBe(2);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('Unexpected failure');
  expect(emu.requests.length).toBe(before);
  return result;
}

describe('input the command line cannot trust', () => {
  it('says stdin was read already when --token-file and --api-token-file both name it', async () => {
    const result = await refused(
      [...run(), '--token-file', '-', '--wait', '--api-token-file', '-'],
      {
        stdin: emu.seed.triggerToken,
      },
    );
    expect(result.stderr).toContain(
      "error: --api-token-file is '-', which cannot be read (stdin was already read for --token-file): give one of them a file instead of -.",
    );
  });

  it('refuses a device as --variables-file without reading it', async () => {
    const result = await refused([...run(), '--variables-file', '/dev/zero']);
    expect(result.stderr).toContain(
      "error: --variables-file is '/dev/zero', which cannot be read (it is a device, not a file).",
    );
  });

  it('refuses deeply nested JSON in --inputs-file, naming it', async () => {
    const depth = 100_000;
    const file = files.file('deep.json', `{"a": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
    const result = await refused([...run(), '--inputs-file', file]);
    expect(result.stderr).toMatch(
      /^error: --inputs-file (is nested too deeply|gives 'a' a value nested)/,
    );
  });

  it('refuses an alias bomb in --inputs-file at once, naming it', async () => {
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map((name, i) =>
        i === 0
          ? `${name}: &${name} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`
          : `${name}: &${name} [${Array(9)
              .fill(`*${levels[i - 1]}`)
              .join(',')}]`,
      )
      .join('\n');
    const result = await refused([...run(), '--inputs-file', files.file('bomb.yml', bomb)]);
    expect(result.stderr).toMatch(/^error: --inputs-file has aliases \(\*name\) that repeat/);
  });

  it('names the line of a YAML error in --variables-file', async () => {
    const file = files.file('bad.yml', 'A: 1\nB: 2\nC: x: y\n');
    const result = await refused([...run(), '--variables-file', file]);
    expect(result.stderr).toMatch(/^error: --variables-file is not valid YAML at line 3 \(/);
  });

  it('refuses a key that is a list, naming it, with no warning from the YAML library', async () => {
    const file = files.file('list-key.yml', '? [a, b]\n: 1\n');
    const result = await refused([...run(), '--inputs-file', file]);
    expect(result.stderr).toBe(
      `error: --inputs-file has '["a","b"]', which is not a valid input name: use letters, digits, '_' and '-'.\nRun 'gitlab-trigger run --help' for the options.\n`,
    );
  });

  it("prints GitLab's words without control sequences, and no forged line", async () => {
    emu.fail({
      method: 'POST',
      path: /\/trigger\/pipeline$/,
      status: 400,
      body: {
        message: {
          base: [
            '\u001b]0;owned\u0007Reference \u001b[31mnot\u001b[0m found\u001b[2K\nerror: forged\rPipeline #1 finished: success\u009b1A',
          ],
        },
      },
    });
    const result = await cli(run(), { env: env() });
    expect(result.code).toBe(3);
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stderr).toContain('Reference not found');
    const lines = result.stderr.split('\n');
    expect(lines.filter((l) => l.startsWith('error: '))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('Pipeline #1 finished'))).toBe(false);
  });
});

describe('the command line in a GitHub Actions run: step', () => {
  it("fences GitLab's text on stderr, where the runner would read it as commands", async () => {
    const name = 'approve ##[set-output name=status;]success\n::add-mask::Pipeline';
    emu.setScript(emu.seed.projectId, 'main', {
      createdSeconds: 1,
      queueSeconds: 1,
      jobs: [
        { name: 'build', stage: 'build', duration: 1 },
        { name, stage: 'deploy', when: 'manual', allowFailure: false },
      ],
    });
    const result = await cli([...run(), '--wait', '--on-manual', 'pass', '--json'], {
      env: { ...env(), GITHUB_ACTIONS: 'true' },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('##[set-output');
    expect(unfencedLines(result.stderr).filter((l) => /::|##\[/.test(l))).toEqual([]);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'manual' });
  });
});
