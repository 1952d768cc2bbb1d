import { InputError, quoted } from '../core/errors.js';
import { parseGitLabUrl } from '../core/parse/gitlab-url.js';
import {
  INPUT_TYPES,
  parseInputs,
  parseTypedInputValue,
  rewrittenNumberWarning,
  rewrittenNumbers,
  type InputType,
} from '../core/parse/pipeline-inputs.js';
import { newRecord, parseVariables } from '../core/parse/variables.js';
import type { ResultSettings } from '../core/follow/watchers/result-watchers.js';
import type { ApiToken } from '../core/gitlab-client.js';
import type { FollowTarget } from '../core/parse/follow-target.js';
import type { LogPattern } from '../core/parse/stream-logs.js';
import { basicCredential } from '../core/push/git-auth.js';
import {
  buildRunSettings,
  type PushPlan,
  type RawRunSettings,
  type RunSettingNames,
  type RunSettings,
} from '../core/run-settings.js';
import { rule } from '../core/setting-rules.js';
import type { PipelineInputValue, TriggerSettings } from '../core/settings.js';
import type { WaitSettingNames, WaitSettings } from '../core/wait-settings.js';
import type { Context } from './command.js';
import {
  Env,
  GITLAB_URL_SETTING,
  TRIGGER_TOKEN_SETTING,
  readOptionFile,
  resolveGitLabUrl,
  resolveTriggerToken,
  secret,
  type Sourced,
} from './env-config.js';
import type { OptionName } from './options.js';
import type { ParsedArgs } from './parsed-args.js';
import { RESULT_OPTIONS } from './result-options.js';
import { jobTokenReader, readApiToken, type PipelineReader } from './pipeline-reader.js';

/** How `follow` and its messages name the pipeline to follow. */
export const FOLLOW_TARGET = 'PIPELINE';

/** The core's settings as the command line names them, for the core's messages. */
const FLAG_NAMES: Omit<RunSettingNames, 'token' | 'apiToken'> = {
  gitlabUrl: GITLAB_URL_SETTING,
  project: '--project',
  ref: '--ref',
  variables: '--variables-file',
  inputs: '--inputs-file',
  requestTimeout: '--request-timeout',
  caCert: '--ca-cert',
  wait: '--wait',
  timeout: '--timeout',
  cancelOnAbort: '--cancel-on-abort',
  passStatuses: '--pass-statuses',
  onManual: '--on-manual',
  maxPollInterval: '--max-poll-interval',
  testReport: '--test-report',
  outputsFrom: '--outputs-from',
  downloadArtifacts: '--download-artifacts',
  artifactsPath: '--artifacts-path',
  artifactsMaxSize: '--artifacts-max-size',
  downloadLogs: '--download-logs',
  streamLogs: '--stream-logs',
  push: '--push',
  pushToken: Env.PushToken,
  deletePushedRef: '--delete-pushed-ref',
  follow: FOLLOW_TARGET,
  // `follow` cancels someone else's pipeline only when --cancel-on-abort says so.
  cancelFollowed: '--cancel-on-abort',
};

/** The options that matter only while waiting: `run` refuses them without --wait. */
export const WAIT_OPTIONS = [
  'timeout',
  'cancel-on-abort',
  'pass-statuses',
  'on-manual',
  'max-poll-interval',
  'stream-logs',
  ...RESULT_OPTIONS,
] as const;

/** A run as the command line reads it: the core's settings, and what reads the pipeline. */
export interface CliRun {
  readonly settings: TriggerSettings;
  readonly follow?: FollowTarget;
  /** Set when the run waits: its settings, their names and the token that reads the pipeline. */
  readonly waiting?: {
    readonly settings: WaitSettings;
    readonly names: WaitSettingNames;
    readonly reader?: PipelineReader;
  };
  /** What to fetch, when waiting. */
  readonly results?: ResultSettings;
  readonly streamLogs: readonly LogPattern[];
  readonly push?: PushPlan;
}

/**
 * The options of `run` (or of `follow`, whose PIPELINE is given) as the core's run settings,
 * built by the same function the action uses, which owns every default and every rule joining
 * settings. The command line only maps its names and finds the tokens (the environment, files,
 * CI_JOB_TOKEN). `--var` and `--input` pairs are added afterwards, one by one, so that a value
 * keeps every character (a newline, a second `=`) that joining them into lines would lose.
 */
export function readRunOptions(args: ParsedArgs, ctx: Context, follow?: string): CliRun {
  const { env, readFile } = ctx.io;
  const url = resolveGitLabUrl(args.string('gitlab-url'), env);
  const instance = parseGitLabUrl(url.value, url.source, TRIGGER_TOKEN_SETTING);
  const token =
    follow === undefined
      ? secret(
          resolveTriggerToken(args.string('token-file'), env, instance, readFile),
          ctx.redactor,
        )
      : undefined;
  const file = (option: 'variables-file' | 'inputs-file'): string | undefined => {
    const path = args.string(option);
    return path === undefined ? undefined : readOptionFile(path, `--${option}`, readFile);
  };
  const [variables, inputs] = [file('variables-file'), file('inputs-file')];
  const pairs = {
    variables: variablePairs(args.strings('var')),
    inputs: inputPairs(args.strings('input')),
  };
  const wait = follow !== undefined || args.flag('wait');
  if (follow === undefined) refuseStrayWaitOptions(args, wait);
  const api = wait ? readApiToken(args, ctx) : undefined;
  const job = wait && !api ? jobTokenReader(args, ctx) : undefined;
  const run = buildRunSettings(
    {
      ...optionValues(args, follow),
      gitlabUrl: url.value,
      token: token?.value,
      variables,
      inputs,
      apiToken: api?.value,
      pushToken: env[Env.PushToken],
    },
    {
      ...FLAG_NAMES,
      token: token?.source ?? TRIGGER_TOKEN_SETTING,
      apiToken: api?.source ?? `${Env.ApiToken} (or --api-token-file)`,
    },
    { readOnlyToken: job?.source },
  );
  for (const rewritten of rewrittenNumbers(inputs ?? '', '--inputs-file'))
    ctx.out.warning(rewrittenNumberWarning('--inputs-file', rewritten));
  if (run.push) {
    ctx.redactor.add(run.push.token);
    ctx.redactor.add(basicCredential(run.push.token));
  }
  return {
    settings: {
      ...run.trigger,
      variables: merge(run.trigger.variables, pairs.variables),
      inputs: merge(run.trigger.inputs, pairs.inputs),
    },
    follow: run.follow,
    waiting: run.wait ? waitingOf(run, api, job) : undefined,
    results: run.wait ? run.results : undefined,
    streamLogs: run.streamLogs,
    push: run.push,
  };
}

/** The options given, as text by the core's keys; one not given is left to the core's default. */
function optionValues(args: ParsedArgs, follow: string | undefined): RawRunSettings {
  const lines = (name: OptionName): string | undefined =>
    args.strings(name).join('\n') || undefined;
  const flag = (name: OptionName): string | undefined => (args.flag(name) ? 'true' : undefined);
  return {
    project: args.string('project'),
    ref: args.string('ref'),
    requestTimeout: args.string('request-timeout'),
    caCert: args.string('ca-cert'),
    wait: flag('wait'),
    timeout: args.string('timeout'),
    [follow === undefined ? 'cancelOnAbort' : 'cancelFollowed']: args.string('cancel-on-abort'),
    passStatuses: args.string('pass-statuses'),
    onManual: args.string('on-manual'),
    maxPollInterval: args.string('max-poll-interval'),
    testReport: args.string('test-report'),
    outputsFrom: lines('outputs-from'),
    downloadArtifacts: lines('download-artifacts'),
    artifactsPath: args.string('artifacts-path'),
    artifactsMaxSize: args.string('artifacts-max-size'),
    downloadLogs: flag('download-logs'),
    streamLogs: lines('stream-logs'),
    push: flag('push'),
    deletePushedRef: flag('delete-pushed-ref'),
    follow,
  };
}

/**
 * A waiting option given without --wait is a mistake the command line can see (the action
 * cannot: GitHub fills in every default), refused before anything is sent.
 */
function refuseStrayWaitOptions(args: ParsedArgs, wait: boolean): void {
  const stray = WAIT_OPTIONS.find(
    (name) => args.string(name) !== undefined || args.strings(name).length > 0 || args.flag(name),
  );
  rule(
    !wait && stray !== undefined,
    `--${stray}`,
    'applies only with --wait',
    `add --wait, or leave --${stray} out`,
  );
}

function waitingOf(
  run: RunSettings,
  api: Sourced | undefined,
  job: PipelineReader | undefined,
): CliRun['waiting'] {
  const names = { ...run.waitNames, apiToken: `${Env.ApiToken} (or --api-token-file)` };
  const settings = run.waitSettings;
  if (api && settings.apiToken) {
    const token: ApiToken = { header: 'PRIVATE-TOKEN', value: settings.apiToken };
    return { settings, names, reader: { token, source: api.source, canWrite: true } };
  }
  return { settings, names, ...(job && { reader: job }) };
}

/** `--var KEY=VALUE` pairs: the key checked by the core's rules, the value kept exactly. */
export function variablePairs(pairs: readonly string[]): Record<string, string> {
  const result = newRecord<string>();
  for (const [key, value] of split(pairs, '--var', 'KEY=VALUE')) {
    // The core's parser checks the key (GitLab's rule, TRIGGER_PAYLOAD); JSON keeps it whole.
    parseVariables(JSON.stringify({ [key]: '' }), '--var');
    once(result, key, '--var', 'variable');
    result[key] = value;
  }
  return result;
}

/**
 * `--input NAME=VALUE` pairs: the value is text as written (`version=1.10` sends 1.10), unless
 * `NAME:TYPE=VALUE` names one of GitLab's input types (number, boolean, array, string), as
 * glab's `key:int(42)` does.
 */
export function inputPairs(pairs: readonly string[]): Record<string, PipelineInputValue> {
  const result = newRecord<PipelineInputValue>();
  for (const [key, text] of split(pairs, '--input', 'NAME=VALUE')) {
    const colon = key.lastIndexOf(':');
    const name = colon > 0 ? key.slice(0, colon) : key;
    const type = colon > 0 ? key.slice(colon + 1) : 'string';
    parseInputs(JSON.stringify({ [name]: '' }), '--input');
    if (!(INPUT_TYPES as readonly string[]).includes(type)) {
      throw new InputError(
        '--input',
        `gives ${name} the type ${quoted(type)}, which is not an input type`,
        `write ${name}:number=42, ${name}:boolean=true, ${name}:array=[a, b], or ${name}=VALUE for text`,
      );
    }
    once(result, name, '--input', 'input');
    result[name] = parseTypedInputValue(text, type as InputType, '--input', name);
  }
  return result;
}

function split(pairs: readonly string[], option: string, form: string): Array<[string, string]> {
  return pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new InputError(
        option,
        `is ${quoted(pair)}, which is not ${form}`,
        `write ${option} ${form}, with the name before the first '='`,
      );
    }
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function once(record: Record<string, unknown>, key: string, option: string, what: string): void {
  if (Object.prototype.hasOwnProperty.call(record, key)) {
    throw new InputError(option, `gives ${what} '${key}' twice`, `give each ${what} once`);
  }
}

/** The file's entries, overridden by the ones given on the command line. */
function merge<T>(
  fromFile: Readonly<Record<string, T>>,
  given: Record<string, T>,
): Record<string, T> {
  return Object.assign(newRecord<T>(), fromFile, given);
}
