import type { Runner, InputOptions } from './runner.js';
import type { TriggerSettings } from '../core/settings.js';
import { buildTriggerSettings } from '../core/trigger-settings.js';
import { parseBoolean } from '../core/parse/choices.js';
import { InputError } from '../core/errors.js';
import {
  buildWaitSettings,
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

/** Masks every secret input in the runner's log and its redactor. Called before anything else happens. */
export function maskSecrets(runner: Runner): void {
  for (const secret of [read(runner, Input.Token), read(runner, Input.ApiToken)])
    if (secret !== '') runner.setSecret(secret);
}

/** Reads all inputs into one typed settings object, or throws an InputError naming the input. */
export function readSettings(runner: Runner): TriggerSettings {
  // YAML is read untrimmed: trimming would drop the final newline of a block scalar.
  const yaml = { trimWhitespace: false };
  return buildTriggerSettings(
    {
      gitlabUrl: read(runner, Input.GitLabUrl),
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
  if (settings.onManual === 'play' && !wait)
    throw new InputError(
      Input.OnManual,
      'is play, which runs manual jobs only while the step waits for the pipeline',
      `set ${Input.Wait} to true, or leave ${Input.OnManual} out`,
    );
  return settings;
}
