import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import {
  MAX_LOG_PATTERNS,
  matchesPattern,
  parseStreamLogs,
} from '../../src/core/parse/stream-logs.js';

// stream_logs: the jobs whose logs are followed live. Names as a user writes them in a
// workflow (one a line, comma-separated, commented), each refused in one line when it cannot
// be a job's name, and the setting refused before the trigger when the run does not wait.

const WAIT = { wait: true, input: 'wait' };
const FORMAT =
  'give job names, one a line or comma-separated, `*` for every job, `trigger job › job` for a downstream one';
const read = (value: string) => parseStreamLogs(value, 'stream_logs', WAIT);

function refusal(value: string, wait = WAIT): string {
  try {
    parseStreamLogs(value, 'stream_logs', wait);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(value)}`);
}

describe('parseStreamLogs reads', () => {
  it('names one a line or comma-separated, downstream paths and *', () => {
    expect(read('build, test\n# no\ndeploy › smoke\n*')).toEqual([
      ['build'],
      ['test'],
      ['deploy', 'smoke'],
      ['*'],
    ]);
  });

  it('skips blank entries and comment lines, indented or holding commas', () => {
    expect(read('\n  build ,, \n   # deploy, smoke\r\n\t test\r\n,')).toEqual([
      ['build'],
      ['test'],
    ]);
  });

  it('keeps # inside a name: only a line that starts with it is a comment', () => {
    expect(read('build #2')).toEqual([['build #2']]);
  });

  it('gives each name once, however it was spaced', () => {
    expect(read('build\nbuild, deploy›smoke\ndeploy  ›  smoke')).toEqual([
      ['build'],
      ['deploy', 'smoke'],
    ]);
  });

  it('tells a downstream path from the name its parts would make joined', () => {
    expect(read('ab\na › b')).toEqual([['ab'], ['a', 'b']]);
  });

  it('takes a name of 255 characters, GitLab’s longest', () => {
    expect(read('x'.repeat(255))).toEqual([['x'.repeat(255)]]);
  });

  it(`takes ${MAX_LOG_PATTERNS} names, repeats not counted`, () => {
    const names = Array.from({ length: MAX_LOG_PATTERNS }, (_, i) => `job-${i}`);
    expect(read([...names, ...names].join(','))).toHaveLength(MAX_LOG_PATTERNS);
  });

  it('gives nothing for a blank value, waiting or not', () => {
    expect(read('')).toEqual([]);
    expect(
      parseStreamLogs(' \n# none yet\n', 'stream_logs', { wait: false, input: 'wait' }),
    ).toEqual([]);
  });
});

describe('parseStreamLogs refuses', () => {
  it.each([
    ['bu\u001bild', "'bu\\u001bild'"],
    ['a\u007fb', "'a\\u007fb'"],
    ['a\u009fb', "'a\\u009fb'"],
    ['deploy ›', "'deploy ›'"],
    ['› smoke', "'› smoke'"],
    ['a › › b', "'a › › b'"],
  ])('%j, which is no job name', (value, shown) => {
    expect(refusal(value)).toBe(`stream_logs has ${shown}, which is not a job name: ${FORMAT}.`);
  });

  it('a name longer than GitLab allows, alone or as a step of a path', () => {
    expect(refusal('x'.repeat(256))).toMatch(/^stream_logs has 'x{79}…', which is not a job name/);
    expect(refusal(`deploy › ${'x'.repeat(256)}`)).toMatch(/which is not a job name/);
  });

  it(`more than ${MAX_LOG_PATTERNS} names`, () => {
    const names = Array.from({ length: MAX_LOG_PATTERNS + 1 }, (_, i) => `job-${i}`);
    expect(refusal(names.join('\n'))).toBe(
      `stream_logs names ${MAX_LOG_PATTERNS + 1} jobs, more than ${MAX_LOG_PATTERNS}: name fewer, or use \`*\` for every job.`,
    );
  });

  it('names when the run does not wait, saying which setting to change', () => {
    expect(refusal('build', { wait: false, input: '--wait' })).toBe(
      'stream_logs is set, but the run does not wait for the pipeline: set --wait to true: the logs are followed while the run waits for the pipeline.',
    );
  });
});

describe('matchesPattern', () => {
  it.each([
    [['build'], ['build'], true],
    [['build'], ['test'], false],
    [['*'], ['anything'], true],
    [['deploy', '*'], ['deploy', 'smoke'], true],
    [['deploy', 'smoke'], ['deploy', 'smoke'], true],
    [['deploy', 'smoke'], ['deploy', 'lint'], false],
    [['deploy', 'smoke'], ['other', 'smoke'], false],
    [['*'], ['deploy', 'smoke'], false],
    [['deploy', '*'], ['deploy'], false],
  ])('%j against the job %j: %s', (pattern, path, expected) => {
    expect(matchesPattern(pattern, path)).toBe(expected);
  });
});
