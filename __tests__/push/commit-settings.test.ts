import { describe, expect, it } from '@jest/globals';
import { APPEAR_POLL_MS, followSource } from '../../src/core/follow-source.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { basicCredential, pushConfig } from '../../src/core/push/git-auth.js';
import { parseBranch } from '../../src/core/push/push-settings.js';
import { readGitHubRun } from '../../src/action/github/event.js';

const instance = {
  url: 'https://gitlab.example.com/gl',
  apiUrl: 'https://gitlab.example.com/gl/api/v4',
};
const project = { display: 'acme/app', encoded: 'acme%2Fapp' };
const sha = 'a'.repeat(40);

describe('the branch a push goes to', () => {
  it.each(['github/pr-1', 'refs/heads/feature/x', 'release/v1.2'])('takes %s', (name) => {
    expect(parseBranch(name, 'ref')).toBe(name.replace(/^refs\/heads\//, ''));
  });
  it.each([
    '-f',
    'a..b',
    'a b',
    'x.lock',
    'a//b',
    'a/',
    '.hidden',
    'refs/tags/v1',
    'a@{1}',
    'tab\tname',
    '@',
  ])('refuses %j', (name) =>
    expect(() => parseBranch(name, 'ref')).toThrow(/^ref is .*cannot be pushed as a branch/),
  );
});

describe("git's configuration for a push", () => {
  it('holds the credential only as a header for the repository, with hooks and helpers off', () => {
    const env = pushConfig('https://gitlab.example.com/acme/app.git', 'glpat-secret');
    const pairs = Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [
      env[`GIT_CONFIG_KEY_${i}`],
      env[`GIT_CONFIG_VALUE_${i}`],
    ]);
    expect(pairs).toContainEqual(['core.hooksPath', '/dev/null']);
    expect(pairs).toContainEqual(['credential.helper', '']);
    expect(pairs).toContainEqual([
      'http.https://gitlab.example.com/acme/app.git.extraHeader',
      `Authorization: Basic ${basicCredential('glpat-secret')}`,
    ]);
    expect(Buffer.from(basicCredential('glpat-secret'), 'base64').toString()).toBe(
      'oauth2:glpat-secret',
    );
    expect(JSON.stringify(pushConfig('https://gitlab.example.com/acme/app.git'))).not.toMatch(
      /Authorization/,
    );
  });
});

describe('following the pipeline of a commit', () => {
  const pipeline = {
    id: 5,
    iid: 1,
    project_id: 1,
    sha,
    ref: 'main',
    status: 'running',
    created_at: '',
    web_url: 'https://gitlab.example.com/gl/acme/app/-/pipelines/5',
  } as Pipeline;

  it('waits for it to appear, saying what it waits for, and backs off', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const lines: string[] = [];
    let asked = 0;
    const source = followSource(
      {
        ofCommit: async () => (++asked < 4 ? [] : [pipeline]),
        pipeline: async () => pipeline,
      },
      {
        target: { kind: 'sha', sha },
        project,
        gitlabUrl: instance.url,
        clock: { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) },
        logger: { info: (m) => lines.push(m), warning: () => {}, debug: () => {} },
        timeoutMs: 600_000,
        input: 'follow',
      },
    );
    expect(await source.start({})).toBe(pipeline);
    expect(sleeps).toEqual([APPEAR_POLL_MS[0], APPEAR_POLL_MS[0] * 2, APPEAR_POLL_MS[0] * 4]);
    expect(lines[0]).toMatch(
      `Waiting for a pipeline of commit ${sha} in project 'acme/app' to appear`,
    );
    expect(lines.at(-1)).toMatch(/Pipeline #5 of commit a{12} appeared after 35s/);
  });

  it("fails at the timeout naming the commit, and refuses a link to another project's pipeline", async () => {
    let now = 0;
    const options = {
      project,
      gitlabUrl: instance.url,
      clock: { now: () => now, sleep: async (ms: number) => void (now += ms) },
      logger: { info: () => {}, warning: () => {}, debug: () => {} },
      timeoutMs: 20_000,
      input: 'follow',
    };
    const api = { ofCommit: async () => [], pipeline: async () => pipeline };
    await expect(
      followSource(api, { ...options, target: { kind: 'sha', sha } }).start({}),
    ).rejects.toThrow(
      /No pipeline appeared for a pipeline of commit a{40} in project 'acme\/app' within 20s/,
    );
    const link = 'https://gitlab.example.com/gl/acme/app/-/pipelines/6';
    await expect(
      followSource(api, { ...options, target: { kind: 'id', id: 5, link } }).start({}),
    ).rejects.toThrow(/not at the link given in follow/);
  });
});

describe('a pull request from a fork', () => {
  const run = (head: unknown) =>
    readGitHubRun({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/event.json' }, () =>
      JSON.stringify({
        pull_request: { head: { repo: head }, base: { repo: { full_name: 'acme/app' } } },
      }),
    );
  it('is told from one of the same repository, and an unknown head counts as a fork', () => {
    expect(run({ full_name: 'stranger/app' }).fromFork).toBe(true);
    expect(run({ full_name: 'ACME/app' }).fromFork).toBe(false);
    expect(run(null).fromFork).toBe(true);
  });
});
