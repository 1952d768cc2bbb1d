import { InputError } from './errors.js';
import { parseBoolean, parseChoice, parseChoiceList } from './parse/choices.js';
import { parseDuration } from './parse/duration.js';
import { parseToken } from './parse/ref.js';
import { SETTING_DEFAULTS } from './setting-defaults.js';
import { rule } from './setting-rules.js';
import {
  FINISHED_STATUSES,
  MANUAL_MODES,
  type FinishedStatus,
  type ManualMode,
} from './pipeline-statuses.js';

/** How to follow a pipeline once it is created. */
export interface WaitSettings {
  /** Token with read_api (api to cancel or play) for every call after the trigger; anonymous when absent. Secret. */
  readonly apiToken: string | undefined;
  /** The longest the wait may last, in ms. */
  readonly timeoutMs: number;
  /** Cancel the pipeline when the wait times out or the run is cancelled. */
  readonly cancelOnAbort: boolean;
  /** Final statuses that pass the step. */
  readonly passStatuses: readonly FinishedStatus[];
  /** What a pipeline blocked on a manual job means. */
  readonly onManual: ManualMode;
  /** The longest pause between two status requests, in ms. */
  readonly maxPollIntervalMs: number;
}

export interface RawWaitSettings {
  readonly apiToken: string;
  readonly timeout: string;
  readonly cancelOnAbort: string;
  readonly passStatuses: string;
  readonly onManual: string;
  readonly maxPollInterval: string;
}

export type WaitSettingNames = { readonly [K in keyof RawWaitSettings]: string };

/** The waiting settings' defaults, from the one table of them. */
export const WAIT_DEFAULTS: RawWaitSettings = {
  apiToken: SETTING_DEFAULTS.apiToken,
  timeout: SETTING_DEFAULTS.timeout,
  cancelOnAbort: SETTING_DEFAULTS.cancelOnAbort,
  passStatuses: SETTING_DEFAULTS.passStatuses,
  onManual: SETTING_DEFAULTS.onManual,
  maxPollInterval: SETTING_DEFAULTS.maxPollInterval,
};

/**
 * The access token that reads the pipeline. A pipeline trigger token (GitLab prefixes them
 * `glptt-`) only triggers: refused here, before the trigger, rather than after it, when the
 * pipeline would run on unfollowed.
 */
function readToken(value: string, name: string): string {
  const token = parseToken(value, name, 'a GitLab access token with read_api');
  if (token.startsWith('glptt-'))
    throw new InputError(
      name,
      'is a pipeline trigger token (glptt-…), which can start pipelines but not read them',
      'give a personal, project or group access token with read_api (api to cancel or play jobs)',
    );
  return token;
}

/** Validates the waiting settings; throws an InputError naming the first unusable one. */
export function buildWaitSettings(raw: RawWaitSettings, names: WaitSettingNames): WaitSettings {
  return {
    apiToken: raw.apiToken.trim() ? readToken(raw.apiToken, names.apiToken) : undefined,
    timeoutMs: parseDuration(raw.timeout, names.timeout, { min: 1_000, max: 7 * 24 * 3_600_000 }),
    cancelOnAbort: parseBoolean(raw.cancelOnAbort, names.cancelOnAbort),
    passStatuses: parseChoiceList(raw.passStatuses, names.passStatuses, FINISHED_STATUSES),
    onManual: parseChoice(raw.onManual, names.onManual, MANUAL_MODES),
    maxPollIntervalMs: parseDuration(raw.maxPollInterval, names.maxPollInterval, {
      min: 1_000,
      max: 3_600_000,
    }),
  };
}

/**
 * The rules that join the waiting settings to others, in one place for both hosts: running
 * manual jobs needs the wait (the step would end before any manual job is reached) and a token
 * GitLab lets play a job (an access token with the api scope; never a trigger or job token).
 * `readOnlyToken` names the token the host reads with when it is one that may not play.
 */
export function checkWaitRules(
  settings: WaitSettings,
  context: {
    readonly wait: boolean;
    readonly names: WaitSettingNames & { readonly wait: string };
    readonly readOnlyToken?: string;
  },
): void {
  const { names, readOnlyToken } = context;
  const play = settings.onManual === 'play';
  rule(
    play && !context.wait,
    names.onManual,
    'is play, which runs manual jobs only while the step waits for the pipeline',
    `set ${names.wait} to true, or leave ${names.onManual} out`,
  );
  rule(
    play && !settings.apiToken,
    names.onManual,
    readOnlyToken
      ? `is play, which runs manual jobs, and ${readOnlyToken} may not do that`
      : 'is play, which runs manual jobs, and GitLab lets only a token with the api scope do that',
    `give ${names.apiToken} a token with the api scope, or choose fail, pass or wait`,
  );
}
