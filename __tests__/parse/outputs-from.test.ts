import { describe, expect, it } from '@jest/globals';
import { parseOutputsFrom } from '../../src/core/parse/outputs-from.js';

// `outputs_from`: which dotenv files, in which jobs' artifacts, become outputs.

const waiting = { wait: true, input: 'wait' };
const read = (text: string) => parseOutputsFrom(text, 'outputs_from', waiting);

describe('parseOutputsFrom', () => {
  it('reads JOB:PATH lines with their line numbers, the path after the last colon, ./ stripped', () => {
    expect(read('# outputs\n deploy : ./deploy.env \r\n\ntest:unit:././out/vars.env')).toEqual([
      { job: 'deploy', path: 'deploy.env', line: 2 },
      { job: 'test:unit', path: 'out/vars.env', line: 4 },
    ]);
  });

  it('refuses a line without a job or a path, naming the line', () => {
    for (const [text, line] of [
      ['deploy', 'deploy'],
      [':deploy.env', ':deploy.env'],
      ['deploy:', 'deploy:'],
      ['  : x', ': x'],
    ]) {
      expect(() => read(`a:b.env\n${text}`)).toThrow(
        `outputs_from has '${line}' on line 2, which is not JOB:PATH: write one JOB:PATH a line, such as deploy:deploy.env.`,
      );
    }
  });

  it('refuses a path outside the job artifacts: absolute, a drive, a NUL, or through ..', () => {
    const inside = 'give the path of the file inside the job artifacts, such as deploy.env.';
    for (const path of ['/etc/passwd', '\\\\server\\x', 'C:\\x.env']) {
      expect(() => read(`deploy:${path}`)).toThrow(`which is absolute: ${inside}`);
    }
    expect(() => read('deploy:a\0b')).toThrow('which is absolute');
    for (const path of ['../x.env', 'a/../../x.env', 'a\\..\\x', '..', './']) {
      expect(() => read(`deploy:${path}`)).toThrow(
        `outputs_from has the path '${path}' on line 1, which leaves the job artifacts: ${inside}`,
      );
    }
    expect(read('deploy:..x/a..b.env')).toEqual([{ job: 'deploy', path: '..x/a..b.env', line: 1 }]);
  });

  it('refuses outputs when the run does not wait, saying which setting to turn on', () => {
    expect(() =>
      parseOutputsFrom('deploy:x.env', 'outputs_from', { wait: false, input: '--wait' }),
    ).toThrow(
      'outputs_from is set, but the run does not wait for the pipeline: set --wait to true: the outputs are read from the job artifacts once the pipeline has finished.',
    );
    expect(parseOutputsFrom('# none\n', 'outputs_from', { wait: false, input: 'wait' })).toEqual(
      [],
    );
  });
});
