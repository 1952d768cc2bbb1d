import { systemClock } from '../core/clock.js';
import { InputError } from '../core/errors.js';
import { followSource } from '../core/follow-source.js';
import type { FollowRun } from '../core/follow-settings.js';
import type { PipelineSource } from '../core/pipeline-source.js';
import type { PipelinesApi } from '../core/pipelines-api.js';
import { systemGit } from '../core/push/git.js';
import { pushThenTrigger, type PushSource } from '../core/push/push-source.js';
import type { PushSettings } from '../core/push/push-settings.js';
import type { TriggerSettings } from '../core/settings.js';
import type { WaitSettingNames, WaitSettings } from '../core/wait-settings.js';
import { PUSH_NAMES, readFollowRun, readFollowText, readPushSettings } from './commit-inputs.js';
import {
  WAIT_NAMES,
  readGitHubSettings,
  readResultSettings,
  readSettings,
  readStreamLogs,
  readWait,
  readWaitSettings,
  type GitHubSettings,
  type ResultSettings,
} from './inputs.js';
import { Input } from './names.js';
import type { Runner } from './runner.js';

/** Every input of a run, read and refused if unusable before anything is sent. */
export interface RunInputs {
  readonly settings: TriggerSettings;
  readonly wait: boolean;
  readonly waitSettings: WaitSettings;
  readonly names: WaitSettingNames;
  readonly results: ResultSettings;
  readonly github: GitHubSettings;
  /** Set when the run follows a pipeline it does not start. */
  readonly follow?: FollowRun;
  /** Set when the run pushes the checked-out commit before the trigger. */
  readonly push?: PushSettings & { readonly deleteAfter: boolean };
  /** `stream_logs`: the jobs whose logs are followed live; empty when none. */
  readonly streamLogs: ReturnType<typeof readStreamLogs>;
}

export function readRunInputs(runner: Runner): RunInputs {
  const follow = readFollowText(runner) !== '' ? readFollowRun(runner) : undefined;
  const settings = follow?.settings ?? readSettings(runner);
  // Following is waiting: there is nothing else to do with a pipeline someone else started.
  const wait = follow !== undefined || readWait(runner);
  const read = readWaitSettings(runner, wait);
  // A followed pipeline is cancelled on a stop only when cancel_followed asks for it.
  const waitSettings = follow ? { ...read, cancelOnAbort: follow.cancel } : read;
  const names = follow ? { ...WAIT_NAMES, cancelOnAbort: Input.CancelFollowed } : WAIT_NAMES;
  const results = readResultSettings(runner, wait);
  const github = readGitHubSettings(runner, wait, waitSettings.apiToken);
  if (follow && github.onRerun !== 'new')
    throw new InputError(
      Input.OnRerun,
      `is ${github.onRerun}, and ${Input.Follow} is given`,
      `leave ${Input.OnRerun} out when following a pipeline`,
    );
  const push = follow ? undefined : readPushSettings(runner, settings, wait);
  const streamLogs = readStreamLogs(runner, wait);
  return { settings, wait, waitSettings, names, results, github, follow, push, streamLogs };
}

/**
 * How the run has its pipeline instead of the plain trigger: a followed one, or the trigger
 * after a push. `pushed()` hands back the push source once made, to delete what it pushed.
 */
export function commitSources(
  inputs: RunInputs,
  api: PipelinesApi,
  runner: Runner,
): { wrap: (trigger: PipelineSource) => PipelineSource; pushed: () => PushSource | undefined } {
  const logger = runner.logger();
  let pushSource: PushSource | undefined;
  const { follow, push, settings } = inputs;
  const wrap = (trigger: PipelineSource): PipelineSource => {
    if (follow)
      return followSource(api, {
        ...{ target: follow.target, project: settings.project, gitlabUrl: settings.gitlab.url },
        ref: settings.ref || undefined,
        clock: systemClock,
        logger,
        timeoutMs: inputs.waitSettings.timeoutMs,
        input: Input.Follow,
      });
    if (!push) return trigger;
    pushSource = pushThenTrigger(trigger, push, { git: systemGit(), logger, names: PUSH_NAMES });
    return pushSource;
  };
  return { wrap, pushed: () => pushSource };
}
