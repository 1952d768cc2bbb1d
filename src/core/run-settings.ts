import { resolve } from 'node:path';
import { buildFollowRun } from './follow-settings.js';
import type { ResultSettings } from './follow/watchers/result-watchers.js';
import { parseArtifactGlobs, parseSize } from './parse/artifact-globs.js';
import { parseBoolean } from './parse/choices.js';
import type { FollowTarget } from './parse/follow-target.js';
import { parseOutputsFrom } from './parse/outputs-from.js';
import { parseToken } from './parse/ref.js';
import { parseStreamLogs, type LogPattern } from './parse/stream-logs.js';
import { OWNED_PREFIX, parseBranch, remoteUrlOf, type PushSettings } from './push/push-settings.js';
import { SETTING_DEFAULTS, type SettingKey } from './setting-defaults.js';
import { rule } from './setting-rules.js';
import type { TriggerSettings } from './settings.js';
import { buildTriggerSettings } from './trigger-settings.js';
import {
  buildWaitSettings,
  checkWaitRules,
  type WaitSettingNames,
  type WaitSettings,
} from './wait-settings.js';

/**
 * A run's settings as the host holds them, as text, by the core's keys. A setting the host
 * does not have (not given, or not one of its own) is left out and takes SETTING_DEFAULTS'.
 */
export type RawRunSettings = { readonly [K in SettingKey]?: string };

/** What the host calls each setting, for messages: `gitlab_url`, `--gitlab-url`, `GITLAB_URL`. */
export type RunSettingNames = { readonly [K in SettingKey]: string };

/** What only the host knows of where a setting came from. */
export interface RunHost {
  /** A token the pipeline is read with that may not cancel it or play a job (CI_JOB_TOKEN). */
  readonly readOnlyToken?: string;
}

/** The push of the checked-out commit: everything but the checkout, which the host knows. */
export type PushPlan = Omit<PushSettings, 'workspace'> & { readonly deleteAfter: boolean };

/** Every setting of one run, validated, defaulted and checked against each other. */
export interface RunSettings {
  /** Where and what; a followed run's have no token, variables or inputs. */
  readonly trigger: TriggerSettings;
  /** Set when the run follows a pipeline it does not start. */
  readonly follow?: FollowTarget;
  /** Whether the run waits for the pipeline; a followed one always does. */
  readonly wait: boolean;
  /** Read and validated even when not waiting, so a typo fails before the trigger. */
  readonly waitSettings: WaitSettings;
  /** The waiting settings' names, for the messages of the wait. */
  readonly waitNames: WaitSettingNames;
  readonly results: ResultSettings;
  /** The jobs whose logs are followed live; empty when none. */
  readonly streamLogs: readonly LogPattern[];
  /** Set when the run pushes the checked-out commit before the trigger. */
  readonly push?: PushPlan;
}

type Text = (key: SettingKey) => string;

/**
 * Builds a run's settings from the host's text: applies every default, validates every
 * setting, and checks every rule that joins settings, so that both hosts refuse the same
 * runs, with the same words, before any request. Throws an InputError naming the setting.
 */
export function buildRunSettings(
  raw: RawRunSettings,
  names: RunSettingNames,
  host: RunHost = {},
): RunSettings {
  const text: Text = (key) => raw[key] ?? SETTING_DEFAULTS[key];
  // Only a host that reads a pipeline to follow gives the setting, empty or not.
  const following = raw.follow !== undefined;
  const { trigger, follow } = following
    ? readFollow(raw, text, names)
    : { trigger: buildTriggerSettings(triggerText(text), names), follow: undefined };
  // Following is waiting: there is nothing else to do with a pipeline someone else started.
  const wait = following || parseBoolean(text('wait'), names.wait);
  const { waitSettings, waitNames } = readWait(text, names, { wait, following, host });
  const waiting = { wait, input: names.wait };
  return {
    trigger,
    follow,
    wait,
    waitSettings,
    waitNames,
    results: readResults(text, names, wait),
    push: readPush(text, names, { trigger, wait, following }),
    streamLogs: parseStreamLogs(text('streamLogs'), names.streamLogs, waiting),
  };
}

function triggerText(text: Text) {
  return {
    gitlabUrl: text('gitlabUrl'),
    project: text('project'),
    ref: text('ref'),
    token: text('token'),
    variables: text('variables'),
    inputs: text('inputs'),
    requestTimeout: text('requestTimeout'),
    caCert: text('caCert'),
  };
}

/** A followed pipeline: no trigger token, and nothing to send to a pipeline not started here. */
function readFollow(
  raw: RawRunSettings,
  text: Text,
  names: RunSettingNames,
): { trigger: TriggerSettings; follow: FollowTarget } {
  rule(
    parseBoolean(text('push'), names.push),
    names.push,
    `is true, and ${names.follow} is given: a followed pipeline is not started here, so nothing is pushed`,
    'leave one of them out',
  );
  for (const key of ['variables', 'inputs'] as const)
    rule(
      (raw[key] ?? '').trim() !== '',
      names[key],
      `is given, and ${names.follow} starts no pipeline to send it to`,
      `leave ${names[key]} out when following a pipeline`,
    );
  const { settings, target } = buildFollowRun(
    { ...triggerText(text), follow: text('follow') },
    { ...names, token: names.apiToken },
  );
  return { trigger: settings, follow: target };
}

function readWait(
  text: Text,
  names: RunSettingNames,
  run: { readonly wait: boolean; readonly following: boolean; readonly host: RunHost },
): { waitSettings: WaitSettings; waitNames: WaitSettingNames } {
  // A followed pipeline is someone else's: cancelled on a stop only when asked in so many words.
  const cancel = run.following ? 'cancelFollowed' : 'cancelOnAbort';
  const waitNames: WaitSettingNames = {
    apiToken: names.apiToken,
    timeout: names.timeout,
    cancelOnAbort: names[cancel],
    passStatuses: names.passStatuses,
    onManual: names.onManual,
    maxPollInterval: names.maxPollInterval,
  };
  const waitSettings = buildWaitSettings(
    {
      apiToken: text('apiToken'),
      timeout: text('timeout'),
      cancelOnAbort: text(cancel),
      passStatuses: text('passStatuses'),
      onManual: text('onManual'),
      maxPollInterval: text('maxPollInterval'),
    },
    waitNames,
  );
  checkWaitRules(waitSettings, {
    wait: run.wait,
    names: { ...waitNames, wait: names.wait },
    readOnlyToken: run.host.readOnlyToken,
  });
  return { waitSettings, waitNames };
}

/** What to fetch; what is read once the pipeline has finished needs the wait. */
function readResults(text: Text, names: RunSettingNames, wait: boolean): ResultSettings {
  const artifactGlobs = parseArtifactGlobs(text('downloadArtifacts'), names.downloadArtifacts);
  const downloadLogs = parseBoolean(text('downloadLogs'), names.downloadLogs);
  for (const [key, given] of [
    ['downloadArtifacts', artifactGlobs.length > 0],
    ['downloadLogs', downloadLogs],
  ] as const)
    rule(
      given && !wait,
      names[key],
      'works only when the run waits for the pipeline to finish',
      `set ${names.wait} to true, or leave ${names[key]} out`,
    );
  return {
    testReport: parseBoolean(text('testReport'), names.testReport),
    outputsFrom: parseOutputsFrom(text('outputsFrom'), names.outputsFrom, {
      wait,
      input: names.wait,
    }),
    artifactGlobs,
    downloadLogs,
    artifactsPath: resolve(text('artifactsPath')),
    artifactsMaxBytes: parseSize(text('artifactsMaxSize'), names.artifactsMaxSize),
  };
}

/** The push of the checked-out commit, when asked; its branch is the trigger's ref. */
function readPush(
  text: Text,
  names: RunSettingNames,
  run: { readonly trigger: TriggerSettings; readonly wait: boolean; readonly following: boolean },
): PushPlan | undefined {
  const push = !run.following && parseBoolean(text('push'), names.push);
  const deleteAfter = parseBoolean(text('deletePushedRef'), names.deletePushedRef);
  rule(
    deleteAfter && !push,
    names.deletePushedRef,
    `is true without ${names.push}`,
    `set ${names.push} to true, or leave ${names.deletePushedRef} out`,
  );
  if (!push) return undefined;
  rule(
    deleteAfter && !run.wait,
    names.deletePushedRef,
    'is true, which deletes the branch once the pipeline has finished, and the run does not wait for it',
    `set ${names.wait} to true, or leave ${names.deletePushedRef} out`,
  );
  const token = parseToken(
    text('pushToken'),
    names.pushToken,
    'a GitLab access token with write_repository',
  );
  const { trigger } = run;
  const branch = parseBranch(trigger.ref, names.ref);
  return {
    branch,
    remoteUrl: remoteUrlOf(trigger.gitlab.url, trigger.project.display, names),
    token,
    force: branch.startsWith(OWNED_PREFIX),
    caCerts: trigger.connection.caCerts,
    deleteAfter,
  };
}
