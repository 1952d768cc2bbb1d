import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runner } from '../src/action/runner.js';

// The runner reads what @actions/core writes; these check that src/action/runner.ts, which
// replaces it at start-up, writes the same bytes for the same calls.

let dir: string;
let runner: Runner;
const saved = { ...process.env };
beforeEach(() => {
  runner = new Runner();
  dir = mkdtempSync(join(tmpdir(), 'runner-'));
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    process.env[name] = join(dir, name);
    writeFileSync(join(dir, name), '');
  }
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...saved };
  process.exitCode = undefined;
});

function stdoutOf(action: () => void): string {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (
    chunks.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  try {
    action();
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

const file = (name: string) =>
  readFileSync(join(dir, name), 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIMITER');
const reset = (name: string) => writeFileSync(join(dir, name), '');

const awkward = ['plain', 'two\nlines', '100% done: a, b', 'ends with newline\n', ''];

describe('runner protocol, compared with @actions/core', () => {
  it.each(awkward)('writes the output %j as @actions/core does', (value) => {
    core.setOutput('pipeline', value);
    const expected = file('GITHUB_OUTPUT');
    reset('GITHUB_OUTPUT');
    runner.setOutput('pipeline', value);
    expect(file('GITHUB_OUTPUT')).toBe(expected);
  });

  it.each(awkward)('saves the state %j as @actions/core does', (value) => {
    core.saveState('pipeline_id', value);
    const expected = file('GITHUB_STATE');
    reset('GITHUB_STATE');
    runner.saveState('pipeline_id', value);
    expect(file('GITHUB_STATE')).toBe(expected);
  });

  it.each(awkward)('prints the commands for %j as @actions/core does', (value) => {
    const ours = stdoutOf(() => {
      runner.setSecret(`secret ${value}!`);
      runner.debug(value);
      runner.warning(value, { title: 'a: b, c' });
      runner.error(value);
      runner.notice(value);
      runner.startGroup(value);
      runner.endGroup();
      runner.info(value);
    });
    const theirs = stdoutOf(() => {
      core.setSecret(`secret ${value}!`);
      core.debug(value);
      core.warning(value, { title: 'a: b, c' });
      core.error(value);
      core.notice(value);
      core.startGroup(value);
      core.endGroup();
      core.info(value);
    });
    expect(ours).toBe(theirs);
  });

  it('fails the step as @actions/core does', () => {
    const ours = stdoutOf(() => runner.setFailed('it broke'));
    expect(runner.exitCode).toBe(1);
    const theirs = stdoutOf(() => core.setFailed('it broke'));
    expect(ours).toBe(theirs);
    expect(process.exitCode).toBe(1);
  });

  it('reads inputs as @actions/core does, trimmed unless asked not to', () => {
    process.env['INPUT_GITLAB_URL'] = '  https://gitlab.com \n';
    process.env['INPUT_VARIABLES'] = 'A: |\n  x\n';
    expect(runner.getInput('gitlab_url')).toBe(core.getInput('gitlab_url'));
    expect(runner.getInput('variables', { trimWhitespace: false })).toBe(
      core.getInput('variables', { trimWhitespace: false }),
    );
    expect(runner.getInput('absent')).toBe(core.getInput('absent'));
  });

  it('appends markdown to the job summary file', () => {
    runner.appendSummary('### Title');
    runner.appendSummary('| a |');
    expect(file('GITHUB_STEP_SUMMARY')).toBe('### Title\n| a |\n');
  });
});

describe('the runner keeps secrets out of what it writes', () => {
  const secret = 'glptt-0123456789abcdef0123456789abcdef01234567';

  it('masks a secret in later log lines, outputs, annotation titles, the summary and the state', () => {
    const log = stdoutOf(() => {
      runner.setSecret(secret);
      runner.info(`token ${secret}`);
      runner.warning(`token ${secret}`, { title: `about ${secret}` });
    });
    runner.setOutput('pipeline', `{"token":"${secret}"}`);
    runner.appendSummary(`| ${secret} |`);
    runner.saveState('web_url', `https://gitlab.example.com/p?private_token=${secret}`);
    const written = [
      log.split('\n').slice(1).join('\n'),
      file('GITHUB_OUTPUT'),
      file('GITHUB_STEP_SUMMARY'),
      file('GITHUB_STATE'),
    ];
    for (const text of written) {
      expect(text).not.toContain(secret);
      expect(text).toContain('***');
    }
  });
});

describe("the runner shows GitLab's text as it is", () => {
  it('writes control and bidirectional characters of an annotation as visible escapes', () => {
    const log = stdoutOf(() =>
      runner.warning("Job 'build\u202eliaf' failed\u0000\nnext line\tok", {
        title: 'Job failed: build\u2066x',
      }),
    );
    expect(log).toBe(
      "::warning title=Job failed%3A build\\u2066x::Job 'build\\u202eliaf' failed\\u0000%0Anext line\tok\n",
    );
  });
});
