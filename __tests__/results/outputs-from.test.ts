import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator, type Script } from '../../emulator/index.js';
import { InputError } from '../../src/core/errors.js';
import { parseDotenv } from '../../src/core/follow/watchers/dotenv.js';
import { outputsFrom } from '../../src/core/follow/watchers/outputs-from.js';
import { parseOutputsFrom } from '../../src/core/parse/outputs-from.js';
import { harness, findingsOf, runScript, type Harness } from './helpers.js';

// Outputs back from GitLab: dotenv files in job artifacts become step outputs.

const OWN_OUTPUTS = ['pipeline_id', 'status', 'web_url'];
const waiting = { wait: true, input: 'wait' };

let emu: Emulator;
let h: Harness;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0 });
  h = await harness(emu);
});
afterAll(() => emu.close());

const SCRIPT: Script = {
  jobs: [
    {
      name: 'deploy',
      stage: 'deploy',
      duration: 2,
      artifacts: {
        'deploy.env':
          '# written by deploy\nENVIRONMENT_URL=https://review-42.example.com\nDEPLOY_ID="7"\n\n',
        'bad.env': 'GOOD=1\nthis line is wrong\n',
        'clash.env': 'status=green\n',
      },
    },
    { name: 'test:unit', stage: 'test', duration: 1, artifacts: { 'out/unit.env': 'UNIT=ok\n' } },
  ],
  bridges: [
    {
      name: 'child',
      stage: 'deploy',
      strategy: 'depend',
      downstream: {
        child: true,
        script: {
          jobs: [
            {
              name: 'package',
              stage: 'build',
              duration: 1,
              artifacts: { 'pkg.env': "VERSION='1.2.3'\n" },
            },
          ],
        },
      },
    },
  ],
};

function watcher(text: string) {
  return outputsFrom({
    api: h.results,
    sources: parseOutputsFrom(text, 'outputs_from', waiting),
    reserved: OWN_OUTPUTS,
    input: 'outputs_from',
  });
}

describe('outputs from GitLab', () => {
  it('turns each key into an output, and all of them into gitlab_outputs, downstream jobs included', async () => {
    const result = await runScript(emu, h, SCRIPT, [
      watcher('deploy:deploy.env\ntest:unit:./out/unit.env\npackage:pkg.env'),
    ]);
    expect(result.outcome).toBe('passed');
    const outputs = Object.fromEntries(findingsOf(result, 'output').map((o) => [o.name, o.value]));
    expect(outputs).toEqual({
      ENVIRONMENT_URL: 'https://review-42.example.com',
      DEPLOY_ID: '7',
      UNIT: 'ok',
      VERSION: '1.2.3',
      gitlab_outputs: JSON.stringify({
        ENVIRONMENT_URL: 'https://review-42.example.com',
        DEPLOY_ID: '7',
        UNIT: 'ok',
        VERSION: '1.2.3',
      }),
    });
    expect(findingsOf(result, 'failure')).toEqual([]);
  });

  it('fails the step naming the job, the file and the line: missing job, missing file, bad line, clash', async () => {
    const result = await runScript(emu, h, SCRIPT, [
      watcher('nosuchjob:a.env\ndeploy:missing.env\ndeploy:bad.env\ndeploy:clash.env'),
    ]);
    const problems = findingsOf(result, 'problem').map((p) => p.text);
    expect(problems).toEqual([
      expect.stringMatching(
        /^outputs_from line 1: no job 'nosuchjob' in pipeline #\d+ or its downstream pipelines$/,
      ),
      expect.stringMatching(
        /^outputs_from line 2: job 'deploy' \(success\) has no file 'missing.env' in its artifacts archive \(a dotenv report is kept apart from it: list the file under artifacts:paths too\): http/,
      ),
      "outputs_from line 3: job 'deploy', file 'bad.env', line 2 has no = between a name and a value: \"this line is wrong\"",
      "outputs_from line 4: job 'deploy', file 'clash.env': the key status is the name of one of the action's own outputs; rename it in the file",
    ]);
    const [failure] = findingsOf(result, 'failure');
    expect(failure?.message).toMatch(
      /^4 outputs from GitLab could not be read: outputs_from line 1/,
    );
    // A file with a bad line gives nothing; gitlab_outputs is still set, empty.
    expect(findingsOf(result, 'output')).toEqual([
      { kind: 'output', name: 'gitlab_outputs', value: '{}', aggregate: true },
    ]);
  });
});

describe('outputs from GitLab, when the jobs cannot be listed', () => {
  it('fails the step rather than pass without the outputs, and still sets gitlab_outputs', async () => {
    emu.fail({
      method: 'GET',
      path: /^\/api\/v4\/projects\/\d+\/pipelines\/\d+\/jobs$/,
      status: 500,
      body: { message: '500 Internal Server Error' },
      times: Infinity,
    });
    try {
      const result = await runScript(emu, h, SCRIPT, [watcher('deploy:deploy.env')]);
      const [failure] = findingsOf(result, 'failure');
      expect(failure?.message).toMatch(
        /^outputs_from: the jobs of pipeline #\d+ could not be listed, so no output was read: GitLab answered 500/,
      );
      expect(findingsOf(result, 'problem').map((p) => p.title)).toContain(
        'Output from GitLab not read',
      );
      expect(findingsOf(result, 'output')).toEqual([
        { kind: 'output', name: 'gitlab_outputs', value: '{}', aggregate: true },
      ]);
    } finally {
      emu.clearFaults();
    }
  });
});

describe('parseOutputsFrom', () => {
  it('reads JOB:PATH lines, the path after the last colon, skipping blanks and comments', () => {
    expect(
      parseOutputsFrom(
        '# outputs\ndeploy:deploy.env\n\n test:unit : ./out/u.env ',
        'outputs_from',
        waiting,
      ),
    ).toEqual([
      { job: 'deploy', path: 'deploy.env', line: 2 },
      { job: 'test:unit', path: 'out/u.env', line: 4 },
    ]);
    expect(parseOutputsFrom('', 'outputs_from', { wait: false, input: 'wait' })).toEqual([]);
  });

  it('refuses a line that is not JOB:PATH, a path leaving the artifacts, and any line without wait', () => {
    const error = (text: string, wait = waiting) => {
      try {
        parseOutputsFrom(text, 'outputs_from', wait);
      } catch (e) {
        return e instanceof InputError ? e.message : String(e);
      }
      return 'no error';
    };
    expect(error('deploy.env')).toBe(
      "outputs_from has 'deploy.env' on line 1, which is not JOB:PATH: write one JOB:PATH a line, such as deploy:deploy.env.",
    );
    expect(error('a:b\ndeploy:../x.env')).toMatch(
      /^outputs_from has the path '..\/x.env' on line 2, which leaves the job artifacts/,
    );
    expect(error('deploy:/etc/passwd')).toMatch(/which is absolute/);
    expect(error('deploy:x.env', { wait: false, input: 'wait' })).toBe(
      'outputs_from is set, but the run does not wait for the pipeline: set wait to true: the outputs are read from the job artifacts once the pipeline has finished.',
    );
  });
});

describe('parseDotenv', () => {
  it('reads KEY=value lines as GitLab does: trimmed, one pair of quotes removed, = allowed in values', () => {
    const parsed = parseDotenv(
      '\uFEFFA=1\r\n B = two words \nC="quoted"\nD=\'single\'\nE=a=b\nF=\n',
    );
    expect(parsed.ok && Object.fromEntries(parsed.values)).toEqual({
      A: '1',
      B: 'two words',
      C: 'quoted',
      D: 'single',
      E: 'a=b',
      F: '',
    });
  });

  it('names the first malformed line', () => {
    expect(parseDotenv('A=1\n1BAD=2\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseDotenv('export A=1')).toMatchObject({ ok: false, line: 1 });
  });
});
