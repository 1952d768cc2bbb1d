import { parseCaCert } from './parse/ca-cert.js';
import { parseDuration } from './parse/duration.js';
import { parseGitLabUrl } from './parse/gitlab-url.js';
import { parseInputs } from './parse/pipeline-inputs.js';
import { parseProject } from './parse/project.js';
import { parseRef, parseToken } from './parse/ref.js';
import { parseVariables } from './parse/variables.js';
import { SETTING_DEFAULTS } from './setting-defaults.js';
import type { ConnectionSettings, TriggerSettings } from './settings.js';

/** The trigger's settings as text, the way an action input or a command-line option holds them. */
export interface RawTriggerSettings {
  readonly gitlabUrl: string;
  readonly project: string;
  readonly ref: string;
  readonly token: string;
  readonly variables: string;
  readonly inputs: string;
  /** Left out: SETTING_DEFAULTS' (30s). */
  readonly requestTimeout?: string;
  /** PEM text or a file path; empty for none. */
  readonly caCert?: string;
}

/** What each setting is called where it came from (`gitlab_url` in the action, `--gitlab-url` on the command line). */
export type SettingNames = { readonly [K in keyof RawTriggerSettings]-?: string };

/**
 * Validates every setting and builds the typed settings. Throws an InputError naming the
 * first unusable value; nothing has been sent by then.
 */
export function buildTriggerSettings(
  raw: RawTriggerSettings,
  names: SettingNames,
): TriggerSettings {
  return {
    gitlab: parseGitLabUrl(raw.gitlabUrl, names.gitlabUrl, names.token),
    project: parseProject(raw.project, names.project, names.gitlabUrl),
    ref: parseRef(raw.ref, names.ref),
    token: parseToken(
      raw.token,
      names.token,
      'a pipeline trigger token (glptt-…) or a CI job token',
    ),
    variables: parseVariables(raw.variables, names.variables),
    inputs: parseInputs(raw.inputs, names.inputs),
    connection: buildConnection(raw, names),
  };
}

/** How to talk to the instance, read the same way for every run: its timeout and private CAs. */
export function buildConnection(
  raw: Pick<RawTriggerSettings, 'requestTimeout' | 'caCert'>,
  names: Pick<SettingNames, 'requestTimeout' | 'caCert'>,
): ConnectionSettings {
  return {
    requestTimeoutMs: parseDuration(
      raw.requestTimeout ?? SETTING_DEFAULTS.requestTimeout,
      names.requestTimeout,
      { min: 1_000, max: 600_000 },
    ),
    caCerts: parseCaCert(raw.caCert ?? '', names.caCert),
  };
}
