import { systemClock } from '../core/clock.js';
import { followSource } from '../core/follow-source.js';
import type { FollowTarget } from '../core/parse/follow-target.js';
import { rewrittenNumberWarning, rewrittenNumbers } from '../core/parse/pipeline-inputs.js';
import type { LogPattern } from '../core/parse/stream-logs.js';
import type { PipelineSource } from '../core/pipeline-source.js';
import type { PipelinesApi } from '../core/pipelines-api.js';
import { systemGit } from '../core/push/git.js';
import { pushThenTrigger, type PushSource } from '../core/push/push-source.js';
import type { PushSettings } from '../core/push/push-settings.js';
import type { ResultSettings } from '../core/follow/watchers/result-watchers.js';
import { buildRunSettings, type RawRunSettings } from '../core/run-settings.js';
import type { SettingKey } from '../core/setting-defaults.js';
import { rule } from '../core/setting-rules.js';
import type { TriggerSettings } from '../core/settings.js';
import type { WaitSettingNames, WaitSettings } from '../core/wait-settings.js';
import { PUSH_NAMES, readPushSettings } from './commit-inputs.js';
import {
  readDestination,
  readGitHubSettings,
  readGiven,
  warnOutsideWorkspace,
  type GitHubSettings,
} from './inputs.js';
import { Input, SETTING_INPUTS } from './names.js';
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
  readonly follow?: FollowTarget;
  /** Set when the run pushes the checked-out commit before the trigger. */
  readonly push?: PushSettings & { readonly deleteAfter: boolean };
  /** `stream_logs`: the jobs whose logs are followed live; empty when none. */
  readonly streamLogs: readonly LogPattern[];
}

/** YAML and PEM are read untrimmed: trimming would drop the final newline of a block scalar. */
const UNTRIMMED: ReadonlySet<SettingKey> = new Set(['variables', 'inputs', 'caCert']);

/** The inputs the core reads, as text by its keys; an empty one is left to the core's default. */
export function rawRunSettings(runner: Runner): RawRunSettings {
  const raw: Partial<Record<SettingKey, string>> = {};
  for (const key of Object.keys(SETTING_INPUTS) as SettingKey[]) {
    const input = SETTING_INPUTS[key];
    raw[key] =
      key === 'gitlabUrl'
        ? readDestination(runner, input)
        : readGiven(runner, input, UNTRIMMED.has(key) ? { trimWhitespace: false } : undefined);
  }
  return raw;
}

/**
 * Reads every input: the core builds the run's settings and checks the rules joining them;
 * the action adds its warnings, the GitHub side and what the push needs of the checkout.
 */
export function readRunInputs(runner: Runner): RunInputs {
  const raw = rawRunSettings(runner);
  const run = buildRunSettings(raw, SETTING_INPUTS);
  const { trigger: settings, wait, waitSettings, results, follow } = run;
  // `version: 1.10` is the YAML number 1.1: said before anything is sent, not refused, as
  // a number input may want it.
  if (!follow)
    for (const rewritten of rewrittenNumbers(raw.inputs ?? '', Input.Inputs))
      runner.warning(rewrittenNumberWarning(`Input '${Input.Inputs}'`, rewritten), {
        title: 'YAML number in inputs',
      });
  warnOutsideWorkspace(
    runner,
    results.artifactsPath,
    results.artifactGlobs.length > 0 || results.downloadLogs,
  );
  const github = readGitHubSettings(runner, wait, waitSettings.apiToken);
  rule(
    follow !== undefined && github.onRerun !== 'new',
    Input.OnRerun,
    `is ${github.onRerun}, and ${Input.Follow} is given`,
    `leave ${Input.OnRerun} out when following a pipeline`,
  );
  const push = run.push && readPushSettings(runner, run.push);
  const { waitNames: names, streamLogs } = run;
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
        ...{ target: follow, project: settings.project, gitlabUrl: settings.gitlab.url },
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
