import { describe, expect, it } from '@jest/globals';
import { InputError } from '../src/core/errors.js';
import { parseGitLabUrl } from '../src/core/parse/gitlab-url.js';
import { parseProject } from '../src/core/parse/project.js';
import { parseRef, parseToken } from '../src/core/parse/ref.js';

describe('parseGitLabUrl', () => {
  it.each([
    ['https://gitlab.com', 'https://gitlab.com'],
    ['https://gitlab.com/', 'https://gitlab.com'],
    ['https://gitlab.example.com:8443', 'https://gitlab.example.com:8443'],
    ['https://example.com/gitlab', 'https://example.com/gitlab'],
    ['https://example.com/gitlab/', 'https://example.com/gitlab'],
    ['https://example.com/gitlab/api/v4', 'https://example.com/gitlab'],
    ['https://gitlab.com/api/v4/', 'https://gitlab.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://gitlab.example.com//api/v4', 'https://gitlab.example.com'],
  ])('reads %s as the instance %s', (text, root) => {
    expect(parseGitLabUrl(text, 'gitlab_url', 'token')).toEqual({
      url: root,
      apiUrl: `${root}/api/v4`,
    });
  });

  it.each([
    ['', 'is empty'],
    ['gitlab.com', 'not a URL'],
    ['ftp://gitlab.com', 'not an http(s) address'],
    ['https://user:secret@gitlab.com', 'carries a user name or password'],
    ['https://gitlab.com/?x=1', 'query or fragment'],
    ['https://gitlab.com/api/v4/projects/1', 'points inside the API'],
  ])('refuses %j', (text, expected) => {
    expect(() => parseGitLabUrl(text, 'gitlab_url', 'token')).toThrow(expected);
  });

  it.each([
    'https://user:hunter22@gitlab.com',
    'ftp://oauth2:hunter22@gitlab.com',
    'oauth2:hunter22@gitlab.com',
    'https://user:hunter22/x@gitlab.com',
    'https://user:hun@ter22@gitlab.com',
    'https://user:hunter22 x@gitlab.com',
    'gitlab.example.com oauth2:hunter22@gitlab.com',
    'user:hunter22@',
    'https://gitlab.com/?private_token=hunter22',
    'https://gitlab.com/api/v4/projects/1?private_token=hunter22',
    'https://gitlab.com/#hunter22',
  ])('never quotes the password in %s', (url) => {
    expect(() => parseGitLabUrl(url, 'gitlab_url', 'token')).toThrow(InputError);
    expect(() => parseGitLabUrl(url, 'gitlab_url', 'token')).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/hunter|ter22/) }),
    );
  });

  it('still shows the host of an address it refuses', () => {
    expect(() => parseGitLabUrl('https://user:pa/ss@gitlab.com', 'gitlab_url', 'token')).toThrow(
      "gitlab_url is 'https://***@gitlab.com', which is not a URL",
    );
  });
});

describe('parseProject', () => {
  it.each([
    ['42', '42', '42'],
    ['group/project', 'group/project', 'group%2Fproject'],
    ['acme/platform/deploy', 'acme/platform/deploy', 'acme%2Fplatform%2Fdeploy'],
    ['group%2Fproject', 'group/project', 'group%2Fproject'],
    ['group%2fsub%2Fproject', 'group/sub/project', 'group%2Fsub%2Fproject'],
    ['/group/my.project-2/', 'group/my.project-2', 'group%2Fmy.project-2'],
  ])('reads %j, encoding the path exactly once', (text, display, encoded) => {
    expect(parseProject(text, 'project', 'gitlab_url')).toEqual({ display, encoded });
  });

  it.each([
    ['', 'is empty'],
    ['project', 'not a project path'],
    ['group//project', 'not a project path'],
    ['group/pro ject', 'not a project path'],
    ['0', 'no project id'],
    ['https://gitlab.com/group/project', 'is the URL'],
    ['group%252Fproject', 'not a project path'],
  ])('refuses %j', (text, expected) => {
    expect(() => parseProject(text, 'project', 'gitlab_url')).toThrow(InputError);
    expect(() => parseProject(text, 'project', 'gitlab_url')).toThrow(expected);
  });
});

describe('parseRef', () => {
  it.each(['main', 'release/v1.2', 'v1.0.0', 'feature/JIRA-12_x'])('accepts %j', (ref) => {
    expect(parseRef(ref, 'ref')).toBe(ref);
  });

  it.each(['', 'has space', 'a..b', 'a~1', 'x:y'])('refuses %j', (ref) => {
    expect(() => parseRef(ref, 'ref')).toThrow(InputError);
  });
});

describe('parseToken', () => {
  it('refuses a token with a line break without quoting it', () => {
    const run = () => parseToken('glptt-abc\nmore', 'token', 'a trigger token');
    expect(run).toThrow('contains a space or line break');
    expect(run).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('glptt-abc') }),
    );
  });

  it('refuses an empty token, saying what to give', () => {
    expect(() => parseToken('  ', 'token', 'a pipeline trigger token')).toThrow(
      'token is empty: give a pipeline trigger token',
    );
  });
});
