import { describe, expect, it } from '@jest/globals';
import { runCommand } from '../../src/cli/commands/run.js';
import { tokensGet } from '../../src/cli/commands/tokens.js';
import { parseCommandLine } from '../../src/cli/parse-args.js';
import { UsageError } from '../../src/cli/usage-error.js';

function refusal(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('keeps repeated --var values in order, each whole', () => {
    const args = parseCommandLine(runCommand, [
      '--project=a/b',
      '--ref',
      'main',
      '--var',
      'A=1',
      '--var',
      'B=x=y',
    ]);
    expect(args.string('project')).toBe('a/b');
    expect(args.strings('var')).toEqual(['A=1', 'B=x=y']);
    expect(args.strings('input')).toEqual([]);
    expect(args.flag('json')).toBe(false);
  });

  it('takes a value that starts with a dash when written with =', () => {
    const args = parseCommandLine(runCommand, ['--project', 'a/b', '--ref=-weird']);
    expect(args.string('ref')).toBe('-weird');
  });

  it('skips every other check when --help is given', () => {
    const args = parseCommandLine(runCommand, ['--help', 'stray']);
    expect(args.flag('help')).toBe(true);
  });

  it('reads -h as --help', () => {
    expect(parseCommandLine(runCommand, ['-h']).flag('help')).toBe(true);
  });

  it('names a missing required option with its placeholder', () => {
    const error = refusal(() => parseCommandLine(runCommand, ['--ref', 'main']));
    expect(error.input).toBe('--project');
    expect(error.message).toMatch(/^--project P is missing. The project: /);
  });

  it('points a token option to the environment instead', () => {
    const error = refusal(() =>
      parseCommandLine(runCommand, ['--project', 'a/b', '--ref', 'main', '--token=glptt-x']),
    );
    expect(error.input).toBe('--token');
    expect(error.message).toContain('Set GITLAB_TRIGGER_TOKEN, or give --token-file FILE.');
    expect(error.message).not.toContain('glptt-x');
  });

  it('points an API token option to GITLAB_API_TOKEN', () => {
    const error = refusal(() => parseCommandLine(tokensGet, ['1', '--private-token', 'x']));
    expect(error.message).toContain('Set GITLAB_API_TOKEN, or give --api-token-file FILE.');
  });

  it('refuses an option of another command', () => {
    const error = refusal(() =>
      parseCommandLine(tokensGet, ['1', '--project', 'a/b', '--ref', 'x']),
    );
    expect(error.message).toBe(
      "Unknown option --ref for 'gitlab-trigger tokens get'. See 'gitlab-trigger tokens get --help'.",
    );
  });

  it('refuses a value for a switch', () => {
    const error = refusal(() =>
      parseCommandLine(runCommand, ['--project', 'a/b', '--ref', 'main', '--json=yes']),
    );
    expect(error.message).toMatch(/^--json takes no value/);
  });

  it('refuses an option given twice, but not a repeatable one', () => {
    expect(refusal(() => parseCommandLine(runCommand, ['--ref', 'a', '--ref', 'b'])).message).toBe(
      '--ref is given 2 times; give it once.',
    );
  });

  it('reads the trigger id as a positional argument and refuses a second one', () => {
    expect(parseCommandLine(tokensGet, ['7', '--project', 'a/b']).positionals).toEqual(['7']);
    const error = refusal(() => parseCommandLine(tokensGet, ['7', '8', '--project', 'a/b']));
    expect(error.message).toMatch(
      /^Unexpected argument '8': 'gitlab-trigger tokens get' takes TRIGGER_ID/,
    );
  });

  it('quotes only the start of a long stray argument, which may be a misplaced token', () => {
    const token = 'glptt-0123456789abcdef0123456789abcdef01234567';
    const error = refusal(() =>
      parseCommandLine(runCommand, ['--project', 'a/b', '--ref', 'm', token]),
    );
    expect(error.message).not.toContain(token);
    expect(error.message).toContain("'glptt-0123…'");
  });
});
