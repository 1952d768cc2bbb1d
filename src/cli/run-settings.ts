import { UsageError } from './usage-error.js';
import { quoted } from '../core/errors.js';
import { parseGitLabUrl } from '../core/parse/gitlab-url.js';
import {
  INPUT_TYPES,
  parseInputs,
  parseTypedInputValue,
  rewrittenNumberWarning,
  rewrittenNumbers,
  type InputType,
} from '../core/parse/inputs.js';
import { newRecord, parseVariables } from '../core/parse/variables.js';
import type { PipelineInputValue, TriggerSettings } from '../core/settings.js';
import { buildTriggerSettings } from '../core/trigger-settings.js';
import type { Context } from './command.js';
import {
  GITLAB_URL_SETTING,
  TRIGGER_TOKEN_SETTING,
  readOptionFile,
  resolveGitLabUrl,
  resolveTriggerToken,
  secret,
} from './env-config.js';
import type { ParsedArgs } from './parsed-args.js';

/**
 * The options of `run` as the core's trigger settings, built by the same function the action
 * uses. `--var` and `--input` pairs are added afterwards, one by one, so that a value keeps
 * every character (a newline, a second `=`) that joining them into lines would lose.
 */
export function readRunSettings(args: ParsedArgs, ctx: Context): TriggerSettings {
  const { env, readFile } = ctx.io;
  const url = resolveGitLabUrl(args.string('gitlab-url'), env);
  const instance = parseGitLabUrl(url.value, url.source, TRIGGER_TOKEN_SETTING);
  const token = secret(
    resolveTriggerToken(args.string('token-file'), env, instance, readFile),
    ctx.redactor,
  );
  const file = (option: 'variables-file' | 'inputs-file'): string => {
    const path = args.string(option);
    return path === undefined ? '' : readOptionFile(path, `--${option}`, readFile);
  };
  const variablesText = file('variables-file');
  const inputsText = file('inputs-file');
  const settings = buildTriggerSettings(
    {
      gitlabUrl: url.value,
      project: args.string('project') ?? '',
      ref: args.string('ref') ?? '',
      token: token.value,
      variables: variablesText,
      inputs: inputsText,
      requestTimeout: args.string('request-timeout') ?? '',
      caCert: args.string('ca-cert') ?? '',
    },
    {
      gitlabUrl: GITLAB_URL_SETTING,
      project: '--project',
      ref: '--ref',
      token: token.source,
      variables: '--variables-file',
      inputs: '--inputs-file',
      requestTimeout: '--request-timeout',
      caCert: '--ca-cert',
    },
  );
  for (const rewritten of rewrittenNumbers(inputsText, '--inputs-file'))
    ctx.out.warning(rewrittenNumberWarning('--inputs-file', rewritten));
  return {
    ...settings,
    variables: merge(settings.variables, variablePairs(args.strings('var'))),
    inputs: merge(settings.inputs, inputPairs(args.strings('input'))),
  };
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
      throw new UsageError(
        '--input',
        `--input ${name}: ${quoted(type)} is not an input type: write ${name}:number=42, ${name}:boolean=true, ${name}:array=[a, b], or ${name}=VALUE for text.`,
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
      throw new UsageError(
        option,
        `${option} ${quoted(pair)} is not ${form}: write ${option} ${form}, with the name before the first '='.`,
      );
    }
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function once(record: Record<string, unknown>, key: string, option: string, what: string): void {
  if (Object.prototype.hasOwnProperty.call(record, key)) {
    throw new UsageError(option, `${option} gives ${what} '${key}' twice; give each ${what} once.`);
  }
}

/** The file's entries, overridden by the ones given on the command line. */
function merge<T>(
  fromFile: Readonly<Record<string, T>>,
  given: Record<string, T>,
): Record<string, T> {
  return Object.assign(newRecord<T>(), fromFile, given);
}
