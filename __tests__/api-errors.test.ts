import { describe, expect, it } from '@jest/globals';
import { GitHubError } from '../src/action/github/commit-statuses.js';
import { GitLabError, faultOf, isDenied, isTransient } from '../src/core/errors.js';

// GitLab's and GitHub's refusals answer the same two questions the same way, so that a
// caller never asks one API otherwise than the other.

describe('faultOf', () => {
  it.each([401, 403, 404])('calls %i a denial', (status) => {
    expect(faultOf(status)).toBe('denied');
  });

  it.each([0, 200, 408, 429, 500, 502, 503, 504])('calls %i a passing fault', (status) => {
    expect(faultOf(status)).toBe('transient');
  });

  it.each([301, 302, 400, 409, 410, 422])('calls %i final', (status) => {
    expect(faultOf(status)).toBe('final');
  });

  it('calls a 403 that is a rate limit a passing fault, not a denial', () => {
    expect(faultOf(403, true)).toBe('transient');
  });
});

describe('isDenied and isTransient', () => {
  it('ask a GitLab error and a GitHub error of the same status the same', () => {
    for (const status of [302, 401, 403, 404, 422, 429, 503]) {
      const gitlab = new GitLabError('GitLab answered', status);
      const github = new GitHubError('GitHub answered', status, faultOf(status));
      expect([isDenied(gitlab), isTransient(gitlab)]).toEqual([
        isDenied(github),
        isTransient(github),
      ]);
    }
  });

  it('keep a GitLab error for a missing project a denial, and a 503 a passing fault', () => {
    expect(isDenied(new GitLabError('404 Project Not Found', 404))).toBe(true);
    expect(isTransient(new GitLabError('404 Project Not Found', 404))).toBe(false);
    expect(isTransient(new GitLabError('503', 503))).toBe(true);
    expect(isDenied(new GitLabError('503', 503))).toBe(false);
  });

  it('answer no for anything that is not an API error', () => {
    expect(isDenied(new Error('403'))).toBe(false);
    expect(isTransient(new Error('503'))).toBe(false);
    expect(isDenied(undefined)).toBe(false);
  });
});
