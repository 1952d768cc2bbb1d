import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import {
  environmentSecrets,
  readOptionFile,
  resolveApiToken,
  resolveGitLabUrl,
  resolveTriggerToken,
} from '../../src/cli/env-config.js';

const ci = {
  GITLAB_CI: 'true',
  CI_API_V4_URL: 'https://gitlab.corp.example/api/v4',
  CI_SERVER_URL: 'https://gitlab.corp.example',
  CI_JOB_TOKEN: 'glcbt-64_jobtokenjobtoken',
};
const corp = { url: 'https://gitlab.corp.example', apiUrl: 'https://gitlab.corp.example/api/v4' };
const other = { url: 'https://gitlab.com', apiUrl: 'https://gitlab.com/api/v4' };
const files: Record<string, string> = { '/run/secrets/trigger': 'glptt-fromfile\n' };
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return text;
};

describe('resolveGitLabUrl', () => {
  it('uses gitlab.com when nothing is set', () => {
    expect(resolveGitLabUrl(undefined, {})).toEqual({
      value: 'https://gitlab.com',
      source: 'the default GitLab URL',
    });
  });

  it("uses the job's CI_API_V4_URL inside GitLab CI", () => {
    expect(resolveGitLabUrl(undefined, ci)).toEqual({
      value: ci.CI_API_V4_URL,
      source: 'CI_API_V4_URL',
    });
  });

  it('falls back to CI_SERVER_URL when CI_API_V4_URL is unset', () => {
    expect(resolveGitLabUrl(undefined, { ...ci, CI_API_V4_URL: '' }).source).toBe('CI_SERVER_URL');
  });

  it('ignores the CI variables outside GitLab CI', () => {
    expect(resolveGitLabUrl(undefined, { ...ci, GITLAB_CI: undefined }).value).toBe(
      'https://gitlab.com',
    );
  });

  it('prefers GITLAB_URL to the CI variables, and --gitlab-url to both', () => {
    const env = { ...ci, GITLAB_URL: 'https://gitlab.example.com' };
    expect(resolveGitLabUrl(undefined, env).source).toBe('GITLAB_URL');
    expect(resolveGitLabUrl('https://flag.example', env)).toEqual({
      value: 'https://flag.example',
      source: '--gitlab-url',
    });
  });
});

describe('resolveTriggerToken', () => {
  it('reads --token-file first, GITLAB_TRIGGER_TOKEN next, the job token last', () => {
    const env = { ...ci, GITLAB_TRIGGER_TOKEN: 'glptt-fromenv' };
    expect(resolveTriggerToken('/run/secrets/trigger', env, corp, readFile)).toEqual({
      value: 'glptt-fromfile\n',
      source: '--token-file',
    });
    expect(resolveTriggerToken(undefined, env, corp, readFile).source).toBe('GITLAB_TRIGGER_TOKEN');
    expect(resolveTriggerToken(undefined, ci, corp, readFile)).toEqual({
      value: ci.CI_JOB_TOKEN,
      source: 'CI_JOB_TOKEN',
    });
  });

  it("sends the job token to the job's own instance only", () => {
    expect(() => resolveTriggerToken(undefined, ci, other, readFile)).toThrow(
      "GITLAB_TRIGGER_TOKEN is not set, and CI_JOB_TOKEN is only sent to this job's own instance, https://gitlab.corp.example, not to https://gitlab.com: set GITLAB_TRIGGER_TOKEN to a pipeline trigger token (glptt-…), or give --token-file FILE.",
    );
  });

  it('names the file it could not read', () => {
    expect(() => resolveTriggerToken('/nope', {}, corp, readFile)).toThrow(
      "--token-file is '/nope', which cannot be read (no such file).",
    );
  });

  it('says where to put a token when there is none', () => {
    try {
      resolveTriggerToken(undefined, {}, corp, readFile);
      throw new Error('expected an InputError');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe('GITLAB_TRIGGER_TOKEN');
    }
  });
});

describe('resolveApiToken', () => {
  it('never takes the job token, which cannot manage trigger tokens', () => {
    expect(() => resolveApiToken(undefined, ci, readFile)).toThrow(
      /^GITLAB_API_TOKEN is not set: set it to/,
    );
  });

  it('prefers --api-token-file to GITLAB_API_TOKEN', () => {
    const env = { GITLAB_API_TOKEN: 'glpat-env' };
    expect(resolveApiToken(undefined, env, readFile)).toEqual({
      value: 'glpat-env',
      source: 'GITLAB_API_TOKEN',
    });
    expect(resolveApiToken('/run/secrets/trigger', env, readFile).source).toBe('--api-token-file');
  });
});

describe('environmentSecrets', () => {
  it('collects every token the environment holds, trimmed', () => {
    expect(
      environmentSecrets({ ...ci, GITLAB_TRIGGER_TOKEN: ' glptt-a\n', GITLAB_API_TOKEN: '' }),
    ).toEqual(['glptt-a', ci.CI_JOB_TOKEN]);
  });
});

describe('readOptionFile', () => {
  it('says a directory is a directory', () => {
    const dir = (): string => {
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    };
    expect(() => readOptionFile('/tmp', '--variables-file', dir)).toThrow(
      "--variables-file is '/tmp', which cannot be read (it is a directory).",
    );
  });
});
