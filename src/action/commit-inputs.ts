import { InputError } from '../core/errors.js';
import { parseBoolean } from '../core/parse/choices.js';
import type { PushNames, PushSettings } from '../core/push/push-settings.js';
import { basicCredential } from '../core/push/git-auth.js';
import type { PushPlan } from '../core/run-settings.js';
import { readGitHubRun } from './github/event.js';
import { read } from './inputs.js';
import { Input } from './names.js';
import type { Runner } from './runner.js';

/** The push's settings as the action names them, for the core's messages. */
export const PUSH_NAMES: PushNames = {
  push: Input.Push,
  token: Input.PushToken,
  ref: Input.Ref,
  project: Input.Project,
  caCert: Input.CaCert,
};

/**
 * The push the core planned, with what only the runner knows: the checkout, whether the pull
 * request comes from a fork, and the derived credential to mask.
 */
export function readPushSettings(
  runner: Runner,
  plan: PushPlan,
): PushSettings & { deleteAfter: boolean } {
  // Derived forms of the credential are masked too, as actions/checkout does.
  runner.setSecret(basicCredential(plan.token));
  refuseFork(runner);
  const workspace = runner.env.GITHUB_WORKSPACE?.trim() || process.cwd();
  return { ...plan, workspace };
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
