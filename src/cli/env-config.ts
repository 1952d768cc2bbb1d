import { InputError, quoted } from '../core/errors.js';
import { parseGitLabUrl } from '../core/parse/gitlab-url.js';
import type { Redactor } from '../core/redact.js';
import { SETTING_DEFAULTS } from '../core/setting-defaults.js';
import type { GitLabInstance } from '../core/settings.js';

/**
 * Where the instance and the tokens come from. Tokens are read from the environment or a
 * file, never from an option's value: a command line ends up in shell history and in every
 * process list. An option given explicitly wins over the environment; inside a GitLab CI job
 * (GITLAB_CI=true) the job's own variables fill in what is left unset.
 */

export const Env = {
  GitLabUrl: 'GITLAB_URL',
  TriggerToken: 'GITLAB_TRIGGER_TOKEN',
  ApiToken: 'GITLAB_API_TOKEN',
  PushToken: 'GITLAB_PUSH_TOKEN',
  CiApiUrl: 'CI_API_V4_URL',
  CiServerUrl: 'CI_SERVER_URL',
  CiJobToken: 'CI_JOB_TOKEN',
  CiProjectPath: 'CI_PROJECT_PATH',
  GitLabCi: 'GITLAB_CI',
} as const;

export const DEFAULT_GITLAB_URL = SETTING_DEFAULTS.gitlabUrl;

/** How messages point at the instance and the trigger token, wherever they came from. */
export const GITLAB_URL_SETTING = `--gitlab-url or ${Env.GitLabUrl}`;
export const TRIGGER_TOKEN_SETTING = `${Env.TriggerToken} or --token-file`;

/** A value and the name of where it came from, for messages: `--gitlab-url`, `GITLAB_URL`. */
export interface Sourced {
  readonly value: string;
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Every token the environment holds, to be registered with the redactor before anything runs. */
export function environmentSecrets(env: Env): string[] {
  return [Env.TriggerToken, Env.ApiToken, Env.CiJobToken, Env.PushToken]
    .map((name) => env[name]?.trim())
    .filter((value): value is string => Boolean(value));
}

export function inGitLabCi(env: Env): boolean {
  return env[Env.GitLabCi] === 'true';
}

/** `--gitlab-url`, else GITLAB_URL, else in GitLab CI the job's instance, else gitlab.com. */
export function resolveGitLabUrl(flag: string | undefined, env: Env): Sourced {
  if (flag !== undefined) return { value: flag, source: '--gitlab-url' };
  const candidates = [Env.GitLabUrl, ...(inGitLabCi(env) ? [Env.CiApiUrl, Env.CiServerUrl] : [])];
  for (const name of candidates) {
    const value = env[name];
    if (value?.trim()) return { value, source: name };
  }
  return { value: DEFAULT_GITLAB_URL, source: 'the default GitLab URL' };
}

/**
 * `--token-file`, else GITLAB_TRIGGER_TOKEN, else in GitLab CI the job token. The job token
 * is only ever sent to the job's own instance: elsewhere it would hand a stranger a
 * credential of this job.
 */
export function resolveTriggerToken(
  file: string | undefined,
  env: Env,
  instance: GitLabInstance,
  readFile: (path: string, option?: string) => string,
): Sourced {
  if (file !== undefined)
    return { value: readOptionFile(file, '--token-file', readFile), source: '--token-file' };
  if (env[Env.TriggerToken]?.trim()) {
    return { value: env[Env.TriggerToken] ?? '', source: Env.TriggerToken };
  }
  const ask = `set ${Env.TriggerToken} to a pipeline trigger token (glptt-…), or give --token-file FILE`;
  if (inGitLabCi(env) && env[Env.CiJobToken]?.trim()) {
    const own = ciInstance(env);
    const job = ownJobToken(env, instance);
    if (job) return job;
    throw new InputError(
      Env.TriggerToken,
      `is not set, and ${Env.CiJobToken} is only sent to this job's own instance${own ? `, ${own.url}` : ''}, not to ${instance.url}`,
      ask,
    );
  }
  throw new InputError(
    Env.TriggerToken,
    'is not set',
    `${ask}; inside a GitLab CI job, ${Env.CiJobToken} is used for the job's own instance`,
  );
}

/**
 * CI_JOB_TOKEN, inside a GitLab CI job whose instance is `instance`; undefined anywhere else,
 * where it would hand a stranger a credential of this job.
 */
export function ownJobToken(env: Env, instance: GitLabInstance): Sourced | undefined {
  const value = env[Env.CiJobToken]?.trim();
  if (!inGitLabCi(env) || !value || ciInstance(env)?.url !== instance.url) return undefined;
  return { value, source: Env.CiJobToken };
}

/** `--api-token-file`, else GITLAB_API_TOKEN. A job token cannot manage trigger tokens. */
export function resolveApiToken(
  file: string | undefined,
  env: Env,
  readFile: (path: string, option?: string) => string,
): Sourced {
  if (file !== undefined) {
    return {
      value: readOptionFile(file, '--api-token-file', readFile),
      source: '--api-token-file',
    };
  }
  if (env[Env.ApiToken]?.trim()) return { value: env[Env.ApiToken] ?? '', source: Env.ApiToken };
  throw new InputError(
    Env.ApiToken,
    'is not set',
    `set it to a personal, group or project access token with the api scope whose user is a Maintainer of the project, or give --api-token-file FILE`,
  );
}

/** Registers a token with the redactor and hands it back, so no path can skip the first step. */
export function secret(token: Sourced, redactor: Redactor): Sourced {
  redactor.add(token.value.trim());
  return token;
}

/** A file's text for an option, or an InputError naming the option and the file. */
export function readOptionFile(
  path: string,
  option: string,
  readFile: (path: string, option?: string) => string,
): string {
  try {
    return readFile(path, option);
  } catch (error) {
    const { code, reason } = error as { code?: string; reason?: string; message?: string };
    const why: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
    };
    const cause = reason ?? why[code ?? ''] ?? code ?? (error as Error).message;
    const fix = code === 'STDINREAD' ? 'give one of them a file instead of -' : undefined;
    throw new InputError(option, `is ${quoted(path)}, which cannot be read (${cause})`, fix);
  }
}

function ciInstance(env: Env): GitLabInstance | undefined {
  const value = env[Env.CiApiUrl]?.trim() || env[Env.CiServerUrl]?.trim();
  if (!value) return undefined;
  try {
    return parseGitLabUrl(value, Env.CiApiUrl, Env.CiJobToken);
  } catch {
    return undefined;
  }
}
