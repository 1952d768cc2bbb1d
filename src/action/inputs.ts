import type { Runner, InputOptions } from './runner.js';
import { resolve } from 'node:path';
import { parseBoolean, parseChoice } from '../core/parse/choices.js';
import { RERUN_MODES, type RerunMode } from './github/rerun.js';
import { InputError } from '../core/errors.js';
import { isInside } from '../core/confined-paths.js';
import { rule } from '../core/setting-rules.js';
import { INPUT_DEFAULTS, Input, type InputName } from './names.js';

/** Every input is read through here, so that only declared names can be read; empty means the default. */
export function read(runner: Runner, name: InputName, options?: InputOptions): string {
  const value = runner.getInput(name, options);
  return value.trim() === '' ? INPUT_DEFAULTS[name] : value;
}

/** An input as the core takes it: left out (undefined) when empty, for the core's default. */
export function readGiven(
  runner: Runner,
  name: InputName,
  options?: InputOptions,
): string | undefined {
  const value = runner.getInput(name, options);
  return value.trim() === '' ? undefined : value;
}

/**
 * An input that says where the tokens are sent. Blank is an error, never the default: a
 * workflow's `${{ vars.GITLAB_URL }}` whose variable is not defined gives a blank value, and
 * taking https://gitlab.com for it would send a self-managed instance's tokens to gitlab.com.
 * Only an input left out takes the default.
 */
export function readDestination(runner: Runner, name: InputName): string | undefined {
  const value = runner.getInput(name);
  if (value !== '' || !runner.hasInput(name)) return value || undefined;
  throw new InputError(
    name,
    'is set but empty, so the tokens would have nowhere to go',
    `give it your GitLab's address (a \${{ vars.NAME }} that is not defined gives an empty value), or leave ${name} out to use ${INPUT_DEFAULTS[name]}`,
  );
}

/** Masks every secret input in the runner's log and its redactor. Called before anything else happens. */
export function maskSecrets(runner: Runner): void {
  const secrets = [Input.Token, Input.ApiToken, Input.GitHubToken, Input.PushToken].map((n) =>
    read(runner, n),
  );
  for (const secret of secrets) if (secret !== '') runner.setSecret(secret);
}

/** The GitHub side: a commit status, re-runs, the run's context as variables. */
export interface GitHubSettings {
  readonly commitStatus: boolean;
  /** Empty: gitlab/<project>. */
  readonly statusContext: string;
  /** Empty when the runner gave none. Secret. */
  readonly githubToken: string;
  readonly onRerun: RerunMode;
  readonly githubContext: boolean;
}

export function readGitHubSettings(
  runner: Runner,
  wait: boolean,
  apiToken: string | undefined,
): GitHubSettings {
  const commitStatus = parseBoolean(read(runner, Input.CommitStatus), Input.CommitStatus);
  const onRerun = parseChoice(read(runner, Input.OnRerun), Input.OnRerun, RERUN_MODES);
  rule(
    commitStatus && !wait,
    Input.CommitStatus,
    'is true, which mirrors the pipeline only while the step waits for it',
    `set ${Input.Wait} to true, or leave ${Input.CommitStatus} out`,
  );
  rule(
    onRerun === 'retry' && !commitStatus,
    Input.OnRerun,
    'is retry, which finds the earlier pipeline from the commit status the earlier attempt wrote',
    `set ${Input.CommitStatus} to true as well, or leave ${Input.OnRerun} out`,
  );
  rule(
    onRerun === 'retry' && !apiToken,
    Input.OnRerun,
    'is retry, which retries the earlier pipeline, and GitLab lets only a token with the api scope do that',
    `give ${Input.ApiToken} a token with the api scope, or leave ${Input.OnRerun} out`,
  );
  return {
    commitStatus,
    statusContext: read(runner, Input.StatusContext).trim(),
    githubToken: read(runner, Input.GitHubToken).trim(),
    onRerun,
    githubContext: parseBoolean(read(runner, Input.GitHubContext), Input.GitHubContext),
  };
}

/**
 * Says when `artifacts_path` is outside the workspace. It is taken as asked: GitHub uploads and
 * caches from the workspace, and a path such as `..` or `/` writes where nothing else of the
 * run looks.
 */
export function warnOutsideWorkspace(runner: Runner, path: string, used: boolean): void {
  const workspace = runner.env.GITHUB_WORKSPACE;
  if (used && workspace && !isInside(resolve(workspace), path))
    runner.warning(
      `${Input.ArtifactsPath} is ${path}, outside the workspace ${workspace}: artifacts and logs are written there. Give a folder inside the workspace unless that is what you mean.`,
    );
}
