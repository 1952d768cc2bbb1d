import * as core from './runner.js';
import type { TriggerSettings } from '../core/settings.js';
import { buildTriggerSettings } from '../core/trigger-settings.js';
import { parseBoolean } from '../core/parse/choices.js';
import { WAIT_DEFAULTS, buildWaitSettings, type WaitSettings } from '../core/wait-settings.js';
import { Input, type InputName } from './names.js';

/** Every input is read through here, so that only declared names can be read. */
function read(name: InputName, options?: core.InputOptions): string {
  return core.getInput(name, options);
}

/** Masks every secret input in the runner's log. Called before anything else happens. */
export function maskSecrets(): string[] {
  const secrets = [read(Input.Token), read(Input.ApiToken)].filter((s) => s !== '');
  for (const secret of secrets) core.setSecret(secret);
  return secrets;
}

/** Reads all inputs into one typed settings object, or throws an InputError naming the input. */
export function readSettings(): TriggerSettings {
  // YAML is read untrimmed: trimming would drop the final newline of a block scalar.
  const yaml = { trimWhitespace: false };
  return buildTriggerSettings(
    {
      gitlabUrl: read(Input.GitLabUrl),
      project: read(Input.Project),
      ref: read(Input.Ref),
      token: read(Input.Token),
      variables: read(Input.Variables, yaml),
      inputs: read(Input.Inputs, yaml),
      requestTimeout: read(Input.RequestTimeout),
      caCert: read(Input.CaCert, yaml),
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
export function readWait(): boolean {
  return parseBoolean(read(Input.Wait) || 'false', Input.Wait);
}

/**
 * Reads the waiting inputs; validated even when not waiting, so a typo fails before the
 * trigger. An input the runner did not set falls back to the default action.yml declares.
 */
export function readWaitSettings(): WaitSettings {
  return buildWaitSettings(
    {
      apiToken: read(Input.ApiToken) || WAIT_DEFAULTS.apiToken,
      timeout: read(Input.Timeout) || WAIT_DEFAULTS.timeout,
      cancelOnAbort: read(Input.CancelOnAbort) || WAIT_DEFAULTS.cancelOnAbort,
      passStatuses: read(Input.PassStatuses) || WAIT_DEFAULTS.passStatuses,
      onManual: read(Input.OnManual) || WAIT_DEFAULTS.onManual,
      maxPollInterval: read(Input.MaxPollInterval) || WAIT_DEFAULTS.maxPollInterval,
    },
    {
      apiToken: Input.ApiToken,
      timeout: Input.Timeout,
      cancelOnAbort: Input.CancelOnAbort,
      passStatuses: Input.PassStatuses,
      onManual: Input.OnManual,
      maxPollInterval: Input.MaxPollInterval,
    },
  );
}
