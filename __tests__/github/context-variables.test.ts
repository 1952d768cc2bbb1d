import { describe, expect, it } from '@jest/globals';
import {
  describeMerge,
  githubContextVariables,
  withGitHubContext,
} from '../../src/action/github/context-variables.js';
import type { GitHubRun } from '../../src/action/github/event.js';

const HEAD = '2222222222222222222222222222222222222222';

const pullRequestRun: GitHubRun = {
  eventName: 'pull_request',
  repository: 'acme/app',
  sha: HEAD,
  shaSource: "the pull request's head",
  refName: 'feature/login',
  prNumber: 42,
  runUrl: 'https://github.com/acme/app/actions/runs/987654321',
  runAttempt: 1,
  actor: 'octocat',
  problems: [],
};

describe('githubContextVariables', () => {
  it("sends a pull request's head commit, head branch and number", () => {
    expect(githubContextVariables(pullRequestRun)).toEqual({
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: HEAD,
      GITHUB_REF_NAME: 'feature/login',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_ACTOR: 'octocat',
      GITHUB_RUN_URL: 'https://github.com/acme/app/actions/runs/987654321',
      GITHUB_PR_NUMBER: '42',
    });
  });

  it('leaves out what the run does not know: no pull request number on a push', () => {
    const push = { ...pullRequestRun, eventName: 'push', prNumber: undefined, actor: undefined };
    const variables = githubContextVariables(push);
    expect(Object.keys(variables)).toEqual([
      'GITHUB_REPOSITORY',
      'GITHUB_SHA',
      'GITHUB_REF_NAME',
      'GITHUB_EVENT_NAME',
      'GITHUB_RUN_URL',
    ]);
  });
});

describe('withGitHubContext', () => {
  it('adds the run under the variables given, which win, and names each', () => {
    const merged = withGitHubContext(
      { DEPLOY_ENV: 'staging', GITHUB_SHA: 'pinned' },
      pullRequestRun,
    );
    expect(merged.variables).toMatchObject({
      DEPLOY_ENV: 'staging',
      GITHUB_SHA: 'pinned',
      GITHUB_PR_NUMBER: '42',
    });
    expect(merged.kept).toEqual(['GITHUB_SHA']);
    expect(merged.added).toEqual([
      'GITHUB_REPOSITORY',
      'GITHUB_REF_NAME',
      'GITHUB_EVENT_NAME',
      'GITHUB_ACTOR',
      'GITHUB_RUN_URL',
      'GITHUB_PR_NUMBER',
    ]);
    expect(describeMerge(merged)).toBe(
      'GitHub context sent as variables: GITHUB_REPOSITORY, GITHUB_REF_NAME, GITHUB_EVENT_NAME, GITHUB_ACTOR, GITHUB_RUN_URL, GITHUB_PR_NUMBER; kept as given in variables: GITHUB_SHA.',
    );
  });

  it('keeps an empty value the user gave on purpose', () => {
    const merged = withGitHubContext({ GITHUB_ACTOR: '' }, pullRequestRun);
    expect(merged.variables.GITHUB_ACTOR).toBe('');
    expect(merged.kept).toEqual(['GITHUB_ACTOR']);
  });

  it('does not change the variables it was given', () => {
    const user = Object.freeze({ A: '1' });
    withGitHubContext(user, pullRequestRun);
    expect(user).toEqual({ A: '1' });
  });
});
