import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRunInputs } from '../src/action/run-inputs.js';
import { Runner } from '../src/action/runner.js';
import { InputError } from '../src/core/errors.js';
import { buildRunSettings, type RunSettingNames } from '../src/core/run-settings.js';
import { SETTING_DEFAULTS, type SettingKey } from '../src/core/setting-defaults.js';
import { cli } from './cli/run-cli.js';

// One builder owns every rule that joins settings, so the action and the command line refuse
// the same runs, in the same words, before anything is sent.

const TRIGGER_TOKEN = 'glptt-0123456789abcdef0123456789abcdef01234567';
const API_TOKEN = 'glpat-0123456789abcdefghij';

/** Every request a GitLab on loopback receives: none may arrive for a refused run. */
let requests = 0;
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** The action's reading of its inputs, as the runner hands them over. */
function action(inputs: Record<string, string>): () => unknown {
  const env: Record<string, string> = {};
  const given = { gitlab_url: url, project: 'acme/deploy', ref: 'main', token: TRIGGER_TOKEN };
  for (const [name, value] of Object.entries({ ...given, ...inputs }))
    env[`INPUT_${name.toUpperCase()}`] = value;
  const runner = new Runner({ env, write: () => undefined, append: () => undefined });
  return () => readRunInputs(runner);
}

/** `gitlab-trigger run …` in process, against the loopback GitLab. */
function run(args: string[], env: Record<string, string> = {}) {
  return cli(['run', '--gitlab-url', url, '--project', 'acme/deploy', '--ref', 'main', ...args], {
    env: { GITLAB_TRIGGER_TOKEN: TRIGGER_TOKEN, ...env },
  });
}

describe('a rule that joins settings, in both hosts', () => {
  it.each([
    [
      'on_manual play without a token that may play',
      { wait: 'true', on_manual: 'play' },
      ['--wait', '--on-manual', 'play'],
      'is play, which runs manual jobs, and GitLab lets only a token with the api scope do that',
    ],
    [
      'delete_pushed_ref without push',
      { delete_pushed_ref: 'true' },
      ['--delete-pushed-ref'],
      'is true without',
    ],
    [
      'delete_pushed_ref without the wait',
      { push: 'true', delete_pushed_ref: 'true' },
      ['--push', '--delete-pushed-ref'],
      'is true, which deletes the branch once the pipeline has finished, and the run does not wait for it',
    ],
  ])(
    'refuses %s in the action and the command line alike',
    async (_rule, inputs, args, problem) => {
      expect(action(inputs)).toThrow(problem);
      const before = requests;
      const result = await run(args);
      expect([result.code, result.stderr]).toEqual([2, expect.stringContaining(problem)]);
      expect(requests).toBe(before);
    },
  );

  it('refuses what needs the wait without it in both, before any request', async () => {
    for (const [input, option] of [
      ['download_logs', '--download-logs'],
      ['stream_logs', '--stream-logs'],
    ] as const) {
      expect(action({ [input]: 'true' })).toThrow(InputError);
      const before = requests;
      const result = await run(option === '--download-logs' ? [option] : [option, 'build']);
      expect([result.code, result.stderr]).toEqual([
        2,
        expect.stringContaining(`${option} applies only with --wait`),
      ]);
      expect(requests).toBe(before);
    }
  });

  it('accepts on_manual play with an access token', async () => {
    const inputs = action({ wait: 'true', on_manual: 'play', api_token: API_TOKEN })();
    expect(inputs).toMatchObject({ waitSettings: { onManual: 'play', apiToken: API_TOKEN } });
  });
});

describe('a followed pipeline in the action', () => {
  it('refuses a blank gitlab_url, as a trigger does, rather than sending the token to gitlab.com', () => {
    expect(action({ follow: '#5', gitlab_url: ' ' })).toThrow('gitlab_url is set but empty');
  });

  it('refuses delete_pushed_ref, which only a push makes sense of', () => {
    expect(action({ follow: '#5', delete_pushed_ref: 'true' })).toThrow(
      'delete_pushed_ref is true without push: set push to true, or leave delete_pushed_ref out.',
    );
  });

  it('waits, and cancels on a stop only as cancel_followed says', () => {
    const inputs = readRunInputsOf({ follow: '#5', cancel_followed: 'true' });
    expect(inputs).toMatchObject({ wait: true, waitSettings: { cancelOnAbort: true } });
    expect(inputs.names.cancelOnAbort).toBe('cancel_followed');
    expect(readRunInputsOf({ follow: '#5' }).waitSettings.cancelOnAbort).toBe(false);
  });
});

function readRunInputsOf(inputs: Record<string, string>) {
  return action(inputs)() as ReturnType<typeof readRunInputs>;
}

describe('buildRunSettings', () => {
  const names = Object.fromEntries(
    Object.keys(SETTING_DEFAULTS).map((key) => [key, `<${key}>`]),
  ) as RunSettingNames;
  const trigger = { project: 'acme/deploy', ref: 'main', token: TRIGGER_TOKEN };

  it('takes the one table of defaults for every setting left out', () => {
    const run = buildRunSettings(trigger, names);
    expect(run.trigger.gitlab.url).toBe(SETTING_DEFAULTS.gitlabUrl);
    expect(run).toMatchObject({
      wait: false,
      waitSettings: { timeoutMs: 3_600_000, onManual: 'fail', maxPollIntervalMs: 60_000 },
      results: { testReport: true, artifactsMaxBytes: 1024 ** 3 },
      streamLogs: [],
    });
    expect(run.push).toBeUndefined();
  });

  it("names the setting in the host's own words", () => {
    const refused = (raw: Partial<Record<SettingKey, string>>) => () =>
      buildRunSettings({ ...trigger, ...raw }, names);
    expect(refused({ downloadArtifacts: 'build' })).toThrow(
      '<downloadArtifacts> works only when the run waits for the pipeline to finish: set <wait> to true, or leave <downloadArtifacts> out.',
    );
    expect(refused({ wait: 'true', onManual: 'play' })).toThrow(
      'give <apiToken> a token with the api scope, or choose fail, pass or wait.',
    );
  });

  it('says which token may not play when the host reads with one that may not', () => {
    expect(() =>
      buildRunSettings({ ...trigger, wait: 'true', onManual: 'play' }, names, {
        readOnlyToken: 'CI_JOB_TOKEN',
      }),
    ).toThrow('<onManual> is play, which runs manual jobs, and CI_JOB_TOKEN may not do that');
  });
});
