import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_EVENT_BYTES,
  readBounded,
  readGitHubRun,
  type GitHubEnv,
} from '../../src/action/github/event.js';

const MERGE = '1111111111111111111111111111111111111111';
const HEAD = '2222222222222222222222222222222222222222';
const GROUP_HEAD = '3333333333333333333333333333333333333333';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'github-event-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eventFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const base: GitHubEnv = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SHA: MERGE,
  GITHUB_REF_NAME: '42/merge',
  GITHUB_REF: 'refs/pull/42/merge',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '987654321',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_ACTOR: 'octocat',
};

const pullRequest = {
  number: 42,
  pull_request: { number: 42, head: { sha: HEAD, ref: 'feature/login' } },
};

describe('readGitHubRun', () => {
  it.each([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
  ])(
    "takes the pull request's head commit and branch for %s, not the merge commit",
    (eventName) => {
      const run = readGitHubRun({
        ...base,
        GITHUB_EVENT_NAME: eventName,
        GITHUB_EVENT_PATH: eventFile(`${eventName}.json`, pullRequest),
      });
      expect(run).toMatchObject({
        sha: HEAD,
        shaSource: "the pull request's head",
        refName: 'feature/login',
        prNumber: 42,
        problems: [],
      });
    },
  );

  it("takes the merge group's head commit for merge_group", () => {
    const run = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'merge_group',
      GITHUB_REF_NAME: 'gh-readonly-queue/main/pr-42-abc',
      GITHUB_EVENT_PATH: eventFile('merge_group.json', { merge_group: { head_sha: GROUP_HEAD } }),
    });
    expect(run).toMatchObject({
      sha: GROUP_HEAD,
      refName: 'gh-readonly-queue/main/pr-42-abc',
      prNumber: undefined,
    });
  });

  it('takes GITHUB_SHA and GITHUB_REF_NAME for a push, without reading the event file', () => {
    const run = readGitHubRun(
      {
        ...base,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF_NAME: 'main',
        GITHUB_REF: 'refs/heads/main',
      },
      () => {
        throw new Error('the event file is not needed');
      },
    );
    expect(run).toMatchObject({ sha: MERGE, shaSource: 'GITHUB_SHA', refName: 'main' });
    expect(run.prNumber).toBeUndefined();
    expect(run.problems).toEqual([]);
  });

  it('builds the run URL, with the attempt on a re-run', () => {
    expect(readGitHubRun({ ...base, GITHUB_EVENT_NAME: 'push' }).runUrl).toBe(
      'https://github.com/acme/app/actions/runs/987654321',
    );
    const rerun = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_RUN_ATTEMPT: '3',
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
    });
    expect(rerun.runAttempt).toBe(3);
    expect(rerun.runUrl).toBe('https://ghe.example.com/acme/app/actions/runs/987654321/attempts/3');
  });

  it('counts a missing or odd run attempt as the first', () => {
    expect(readGitHubRun({ ...base, GITHUB_RUN_ATTEMPT: undefined }).runAttempt).toBe(1);
    expect(readGitHubRun({ ...base, GITHUB_RUN_ATTEMPT: 'two' }).runAttempt).toBe(1);
  });

  it('falls back to GITHUB_SHA and says why when the event file is not JSON', () => {
    const run = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_HEAD_REF: 'feature/login',
      GITHUB_EVENT_PATH: eventFile('broken.json', '{"pull_request": {'),
    });
    expect(run.sha).toBe(MERGE);
    expect(run.shaSource).toBe('GITHUB_SHA');
    // Without the file, the branch and number still come from the environment.
    expect(run.refName).toBe('feature/login');
    expect(run.prNumber).toBe(42);
    expect(run.problems).toEqual([
      expect.stringMatching(/^The event file .*broken\.json is not JSON: /),
      "The pull_request event's head commit is unknown, so GITHUB_SHA 111111111111, the test merge commit no pull request page shows, is used instead",
    ]);
  });

  it('says so when the event file is missing, not named, or not an object', () => {
    const missing = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'nothing-here.json'),
    });
    expect(missing.problems[0]).toMatch(/^The event file .*nothing-here\.json could not be read: /);
    const unnamed = readGitHubRun({ ...base, GITHUB_EVENT_NAME: 'pull_request' });
    expect(unnamed.problems[0]).toBe('GITHUB_EVENT_PATH is not set, so the event cannot be read');
    const list = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'merge_group',
      GITHUB_EVENT_PATH: eventFile('list.json', [1, 2]),
    });
    expect(list.problems[0]).toMatch(/does not hold a JSON object$/);
    expect(list.sha).toBe(MERGE);
  });

  it('ignores a head SHA that is not one', () => {
    const run = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile('odd.json', {
        pull_request: { number: 42, head: { sha: 'not-a-sha; rm -rf /', ref: 'x' } },
      }),
    });
    expect(run.sha).toBe(MERGE);
    expect(run.problems).toHaveLength(1);
  });

  it('refuses an event file over the bound rather than reading it whole', () => {
    const big = eventFile('big.json', `{"pad":"${'x'.repeat(MAX_EVENT_BYTES)}"}`);
    const run = readGitHubRun({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: big,
    });
    expect(run.problems[0]).toMatch(/could not be read: it is larger than 4 MiB$/);
    expect(readBounded(eventFile('small.json', '{}'), 10)).toBe('{}');
    expect(() => readBounded(eventFile('eleven.json', '12345678901'), 10)).toThrow('larger than');
  });
});
