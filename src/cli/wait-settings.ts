import { parseToken } from '../core/parse/ref.js';
import {
  WAIT_DEFAULTS,
  buildWaitSettings,
  type WaitSettingNames,
  type WaitSettings,
} from '../core/wait-settings.js';
import type { Context } from './command.js';
import { Env, resolveApiToken, secret } from './env-config.js';
import type { ParsedArgs } from './parsed-args.js';

const FLAG_NAMES: WaitSettingNames = {
  apiToken: '--api-token-file',
  timeout: '--timeout',
  cancelOnAbort: '--cancel-on-abort',
  passStatuses: '--pass-statuses',
  onManual: '--on-manual',
  maxPollInterval: '--max-poll-interval',
};

/** The waiting options of `run`, read by the same function the action uses. */
export function readWaitSettings(
  args: ParsedArgs,
  ctx: Context,
): { settings: WaitSettings; names: WaitSettingNames } {
  const { env, readFile } = ctx.io;
  // Reading a pipeline needs no token on a public project, so GITLAB_API_TOKEN is optional here.
  const given = args.string('api-token-file') !== undefined || Boolean(env[Env.ApiToken]?.trim());
  const api = given
    ? secret(resolveApiToken(args.string('api-token-file'), env, readFile), ctx.redactor)
    : undefined;
  if (api)
    parseToken(api.value, api.source, 'an access token with read_api (api to cancel or play)');
  const settings = buildWaitSettings(
    {
      apiToken: api?.value ?? '',
      timeout: args.string('timeout') ?? WAIT_DEFAULTS.timeout,
      cancelOnAbort: args.string('cancel-on-abort') ?? WAIT_DEFAULTS.cancelOnAbort,
      passStatuses: args.string('pass-statuses') ?? WAIT_DEFAULTS.passStatuses,
      onManual: args.string('on-manual') ?? WAIT_DEFAULTS.onManual,
      maxPollInterval: args.string('max-poll-interval') ?? WAIT_DEFAULTS.maxPollInterval,
    },
    { ...FLAG_NAMES, apiToken: api?.source ?? Env.ApiToken },
  );
  return { settings, names: { ...FLAG_NAMES, apiToken: `${Env.ApiToken} (or --api-token-file)` } };
}
