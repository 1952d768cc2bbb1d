import type { Runner, InputOptions } from './runner.js';
import type { TriggerSettings } from '../core/settings.js';
import { buildTriggerSettings } from '../core/trigger-settings.js';
import { rewrittenNumberWarning, rewrittenNumbers } from '../core/parse/inputs.js';
import { resolve } from 'node:path';
import { parseArtifactGlobs, parseSize } from '../core/parse/artifact-globs.js';
import { parseBoolean, parseChoice } from '../core/parse/choices.js';
import { parseOutputsFrom, type OutputSource } from '../core/parse/outputs-from.js';
import { parseStreamLogs, type LogPattern } from '../core/parse/stream-logs.js';
import { RERUN_MODES, type RerunMode } from './github/rerun.js';
import { InputError } from '../core/errors.js';
import { isInside } from '../core/confined-paths.js';
import {
  buildWaitSettings,
  checkWaitRules,
  type WaitSettingNames,
  type WaitSettings,
} from '../core/wait-settings.js';
import { INPUT_DEFAULTS, Input, type InputName } from './names.js';

/** The waiting settings as the action names them, for the core's messages. */
export const WAIT_NAMES: WaitSettingNames = {
  apiToken: Input.ApiToken,
  timeout: Input.Timeout,
  cancelOnAbort: Input.CancelOnAbort,
  passStatuses: Input.PassStatuses,
  onManual: Input.OnManual,
  maxPollInterval: Input.MaxPollInterval,
};

/** Every input is read through here, so that only declared names can be read; empty means the default. */
function read(runner: Runner, name: InputName, options?: InputOptions): string {
  const value = runner.getInput(name, options);
  return value.trim() === '' ? INPUT_DEFAULTS[name] : value;
}

/**
 * An input that says where the tokens are sent. Blank is an error, never the default: a
 * workflow's `${{ vars.GITLAB_URL }}` whose variable is not defined gives a blank value, and
 * taking https://gitlab.com for it would send a self-managed instance's tokens to gitlab.com.
 * Only an input left out takes the default.
 */
function readDestination(runner: Runner, name: InputName): string {
  const value = runner.getInput(name);
  if (value !== '' || !runner.hasInput(name)) return value || INPUT_DEFAULTS[name];
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

/** Reads all inputs into one typed settings object, or throws an InputError naming the input. */
export function readSettings(runner: Runner): TriggerSettings {
  // YAML is read untrimmed: trimming would drop the final newline of a block scalar.
  const yaml = { trimWhitespace: false };
  const settings = buildTriggerSettings(
    {
      gitlabUrl: readDestination(runner, Input.GitLabUrl),
      project: read(runner, Input.Project),
      ref: read(runner, Input.Ref),
      token: read(runner, Input.Token),
      variables: read(runner, Input.Variables, yaml),
      inputs: read(runner, Input.Inputs, yaml),
      requestTimeout: read(runner, Input.RequestTimeout),
      caCert: read(runner, Input.CaCert, yaml),
    },
    {
      gitlabUrl: Input.GitLabUrl,
      project: Input.Project,
      ref: Input.Ref,
      token: Input.Token,
      variables: Input.Variables,
      inputs: Input.Inputs,
      requestTimeout: Input.RequestTimeout,
      caCert: Input.CaCert,
    },
  );
  // `version: 1.10` is the YAML number 1.1: said before anything is sent, not refused, as
  // a number input may want it.
  for (const rewritten of rewrittenNumbers(read(runner, Input.Inputs, yaml), Input.Inputs))
    runner.warning(rewrittenNumberWarning(`Input '${Input.Inputs}'`, rewritten), {
      title: 'YAML number in inputs',
    });
  return settings;
}

/** Whether to wait for the pipeline to finish. */
export function readWait(runner: Runner): boolean {
  return parseBoolean(read(runner, Input.Wait), Input.Wait);
}

/**
 * Reads the waiting inputs; validated even when not waiting, so a typo fails before the
 * trigger. Running manual jobs is refused without waiting: the step would end before any
 * manual job could be reached.
 */
export function readWaitSettings(runner: Runner, wait: boolean): WaitSettings {
  const settings = buildWaitSettings(
    {
      apiToken: read(runner, Input.ApiToken),
      timeout: read(runner, Input.Timeout),
      cancelOnAbort: read(runner, Input.CancelOnAbort),
      passStatuses: read(runner, Input.PassStatuses),
      onManual: read(runner, Input.OnManual),
      maxPollInterval: read(runner, Input.MaxPollInterval),
    },
    WAIT_NAMES,
  );
  checkWaitRules(settings, { wait, names: { ...WAIT_NAMES, wait: Input.Wait } });
  return settings;
}

/** What the action brings home from GitLab once the pipeline finishes. */
export interface ResultSettings {
  readonly testReport: boolean;
  readonly outputsFrom: readonly OutputSource[];
  readonly artifactGlobs: readonly string[];
  readonly downloadLogs: boolean;
  /** Resolved against the working directory. */
  readonly artifactsPath: string;
  readonly artifactsMaxBytes: number;
}

/** Reads the result inputs; those that need the wait are refused without it, before the trigger. */
export function readResultSettings(runner: Runner, wait: boolean): ResultSettings {
  const needsWait = (name: InputName, given: boolean): void => {
    if (given && !wait)
      throw new InputError(
        name,
        'works only when the step waits for the pipeline to finish',
        `set ${Input.Wait} to true, or leave ${name} out`,
      );
  };
  const artifactGlobs = parseArtifactGlobs(
    read(runner, Input.DownloadArtifacts),
    Input.DownloadArtifacts,
  );
  const downloadLogs = parseBoolean(read(runner, Input.DownloadLogs), Input.DownloadLogs);
  needsWait(Input.DownloadArtifacts, artifactGlobs.length > 0);
  needsWait(Input.DownloadLogs, downloadLogs);
  return {
    testReport: parseBoolean(read(runner, Input.TestReport), Input.TestReport),
    outputsFrom: parseOutputsFrom(read(runner, Input.OutputsFrom), Input.OutputsFrom, {
      wait,
      input: Input.Wait,
    }),
    artifactGlobs,
    downloadLogs,
    artifactsPath: artifactsPath(runner, artifactGlobs.length > 0 || downloadLogs),
    artifactsMaxBytes: parseSize(read(runner, Input.ArtifactsMaxSize), Input.ArtifactsMaxSize),
  };
}

/** `stream_logs`: the jobs whose logs are followed live; refused unless the step waits. */
export function readStreamLogs(runner: Runner, wait: boolean): LogPattern[] {
  return parseStreamLogs(read(runner, Input.StreamLogs), Input.StreamLogs, {
    wait,
    input: Input.Wait,
  });
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
  if (commitStatus && !wait)
    throw new InputError(
      Input.CommitStatus,
      'is true, which mirrors the pipeline only while the step waits for it',
      `set ${Input.Wait} to true, or leave ${Input.CommitStatus} out`,
    );
  if (onRerun === 'retry' && !commitStatus)
    throw new InputError(
      Input.OnRerun,
      'is retry, which finds the earlier pipeline from the commit status the earlier attempt wrote',
      `set ${Input.CommitStatus} to true as well, or leave ${Input.OnRerun} out`,
    );
  if (onRerun === 'retry' && !apiToken)
    throw new InputError(
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
 * `artifacts_path`, resolved against the working directory. A folder outside the workspace is
 * taken as asked, and said: GitHub uploads and caches from the workspace, and a path such as
 * `..` or `/` writes where nothing else of the run looks.
 */
function artifactsPath(runner: Runner, used: boolean): string {
  const path = resolve(read(runner, Input.ArtifactsPath));
  const workspace = runner.env.GITHUB_WORKSPACE;
  if (used && workspace && !isInside(resolve(workspace), path))
    runner.warning(
      `${Input.ArtifactsPath} is ${path}, outside the workspace ${workspace}: artifacts and logs are written there. Give a folder inside the workspace unless that is what you mean.`,
    );
  return path;
}
