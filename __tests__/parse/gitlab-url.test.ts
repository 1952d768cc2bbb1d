import { describe, expect, it } from '@jest/globals';
import { parseGitLabUrl } from '../../src/core/parse/gitlab-url.js';

// The instance's address: its root and its API, however the user wrote it.

const read = (value: string) => parseGitLabUrl(value, 'gitlab_url', 'api_token');
const EXPECTED =
  'give the address of the GitLab instance, such as https://gitlab.com or https://gitlab.example.com/api/v4';

describe('parseGitLabUrl', () => {
  it('reads an instance root, with or without a trailing slash', () => {
    expect(read(' https://gitlab.example.com/ ')).toEqual({
      url: 'https://gitlab.example.com',
      apiUrl: 'https://gitlab.example.com/api/v4',
    });
    expect(read('http://127.0.0.1:8080')).toEqual({
      url: 'http://127.0.0.1:8080',
      apiUrl: 'http://127.0.0.1:8080/api/v4',
    });
  });

  it('reads a root under a sub-path, and an API URL such as CI_API_V4_URL', () => {
    expect(read('https://example.com/gitlab//')).toEqual({
      url: 'https://example.com/gitlab',
      apiUrl: 'https://example.com/gitlab/api/v4',
    });
    expect(read('https://example.com/gitlab/api/v4/')).toEqual({
      url: 'https://example.com/gitlab',
      apiUrl: 'https://example.com/gitlab/api/v4',
    });
    expect(read('https://gitlab.com//api/v4').url).toBe('https://gitlab.com');
  });

  it('refuses an empty value and what is not a URL', () => {
    expect(() => read('  ')).toThrow(`gitlab_url is empty: ${EXPECTED}.`);
    expect(() => read('gitlab.com')).toThrow(
      `gitlab_url is 'gitlab.com', which is not a URL: ${EXPECTED}.`,
    );
  });

  it('refuses an address that is not http or https', () => {
    expect(() => read('ftp://gitlab.com')).toThrow(
      `gitlab_url is 'ftp://gitlab.com', which is not an http(s) address: ${EXPECTED}.`,
    );
  });

  it('refuses a user name or password in the URL without printing them', () => {
    for (const value of [
      'https://bot:s3cret@gitlab.com',
      'https://bot@gitlab.com',
      'https://:s3cret@gitlab.com',
    ]) {
      expect(() => read(value)).toThrow(
        'gitlab_url carries a user name or password: remove it and pass the token through api_token instead.',
      );
    }
  });

  it('refuses a query or fragment, quoting the address without what follows ? or #', () => {
    expect(() => read('https://gitlab.com/?private_token=s3cret')).toThrow(
      `gitlab_url is 'https://gitlab.com/?…', which has a query or fragment: ${EXPECTED}.`,
    );
    expect(() => read('https://gitlab.com/#top')).toThrow(
      "is 'https://gitlab.com/#…', which has a query",
    );
  });

  it('hides everything before the last @ when quoting a bad address', () => {
    expect(() => read('gitlab bot:p@ss word@gitlab.com')).toThrow(
      "gitlab_url is '***@gitlab.com', which is not a URL",
    );
  });

  it('refuses an address inside the API, saying what to give', () => {
    for (const value of ['https://gitlab.com/api/v4/projects', 'https://gitlab.com/api/v3/x']) {
      expect(() => read(value)).toThrow(
        `gitlab_url is '${value}', which points inside the API: give the instance root or a URL ending in /api/v4.`,
      );
    }
  });
});
