import { InputError } from '../core/errors.js';
import { buildFollowRun, type FollowRun } from '../core/follow-settings.js';
import { parseBoolean } from '../core/parse/choices.js';
import { parseToken } from '../core/parse/ref.js';
import {
  OWNED_PREFIX,
  parseBranch,
  remoteUrlOf,
  type PushNames,
  type PushSettings,
} from '../core/push/push-settings.js';
import { basicCredential } from '../core/push/git-auth.js';
import type { TriggerSettings } from '../core/settings.js';
import { readGitHubRun } from './github/event.js';
import { INPUT_DEFAULTS, Input, type InputName } from './names.js';
import type { Runner } from './runner.js';

/** The push's settings as the action names them, for the core's messages. */
export const PUSH_NAMES: PushNames = {
  push: Input.Push,
  token: Input.PushToken,
  ref: Input.Ref,
  project: Input.Project,
  caCert: Input.CaCert,
};

function read(runner: Runner, name: InputName): string {
  const value = runner.getInput(name);
  return value.trim() === '' ? INPUT_DEFAULTS[name] : value;
}

/** The follow input, when given: the run follows a pipeline instead of triggering one. */
export function readFollowText(runner: Runner): string {
  return read(runner, Input.Follow).trim();
}

/** What `follow` needs, validated before any request; no trigger token. */
export function readFollowRun(runner: Runner): FollowRun & { cancel: boolean } {
  if (parseBoolean(read(runner, Input.Push), Input.Push))
    throw new InputError(
      Input.Push,
      `is true, and ${Input.Follow} is given: a followed pipeline is not started here, so nothing is pushed`,
      `leave one of them out`,
    );
  for (const name of [Input.Variables, Input.Inputs])
    if (runner.getInput(name).trim() !== '')
      throw new InputError(
        name,
        `is given, and ${Input.Follow} starts no pipeline to send it to`,
        `leave ${name} out when following a pipeline`,
      );
  const run = buildFollowRun(
    {
      gitlabUrl: read(runner, Input.GitLabUrl),
      project: read(runner, Input.Project),
      ref: read(runner, Input.Ref),
      requestTimeout: read(runner, Input.RequestTimeout),
      caCert: runner.getInput(Input.CaCert, { trimWhitespace: false }),
      follow: read(runner, Input.Follow),
    },
    {
      gitlabUrl: Input.GitLabUrl,
      project: Input.Project,
      ref: Input.Ref,
      requestTimeout: Input.RequestTimeout,
      caCert: Input.CaCert,
      follow: Input.Follow,
      token: Input.ApiToken,
    },
  );
  return { ...run, cancel: parseBoolean(read(runner, Input.CancelFollowed), Input.CancelFollowed) };
}

/** The push's settings when `push` is true, else undefined; refused before any request. */
export function readPushSettings(
  runner: Runner,
  settings: TriggerSettings,
  wait: boolean,
): (PushSettings & { deleteAfter: boolean }) | undefined {
  const push = parseBoolean(read(runner, Input.Push), Input.Push);
  const deleteAfter = parseBoolean(read(runner, Input.DeletePushedRef), Input.DeletePushedRef);
  if (!push) {
    if (deleteAfter)
      throw new InputError(
        Input.DeletePushedRef,
        'is true without push',
        `set ${Input.Push} to true, or leave ${Input.DeletePushedRef} out`,
      );
    return undefined;
  }
  if (deleteAfter && !wait)
    throw new InputError(
      Input.DeletePushedRef,
      'is true, which deletes the branch once the pipeline has finished, and the step does not wait for it',
      `set ${Input.Wait} to true, or leave ${Input.DeletePushedRef} out`,
    );
  const token = parseToken(
    read(runner, Input.PushToken),
    Input.PushToken,
    'a GitLab access token with write_repository',
  );
  // Derived forms of the credential are masked too, as actions/checkout does.
  runner.setSecret(basicCredential(token));
  refuseFork(runner);
  const branch = parseBranch(settings.ref, Input.Ref);
  const workspace = runner.env.GITHUB_WORKSPACE?.trim() || process.cwd();
  return {
    workspace,
    branch,
    remoteUrl: remoteUrlOf(settings.gitlab.url, settings.project.display, PUSH_NAMES),
    token,
    force: branch.startsWith(OWNED_PREFIX),
    caCerts: settings.connection.caCerts,
    deleteAfter,
  };
}

/** A pull request from a fork runs a stranger's code on the user's runners: only when asked. */
function refuseFork(runner: Runner): void {
  const run = readGitHubRun(runner.env);
  if (!run.fromFork || parseBoolean(read(runner, Input.PushForks), Input.PushForks)) return;
  throw new InputError(
    Input.Push,
    `is true, and this ${run.eventName} event's pull request comes from a fork (or its head repository is unknown): pushing it would run code its author wrote on your GitLab runners`,
    `set ${Input.PushForks} to true only if you accept that (see docs/run-the-commit.md), or run on pull requests from this repository only`,
  );
}
