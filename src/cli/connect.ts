import { connect } from '../core/connect.js';
import type { GitLabClient } from '../core/gitlab-client.js';
import { parseCaCert } from '../core/parse/ca-cert.js';
import { parseDuration } from '../core/parse/duration.js';
import type { ConnectionSettings, GitLabInstance } from '../core/settings.js';
import { DEFAULT_REQUEST_TIMEOUT } from '../core/trigger-settings.js';
import type { Context } from './command.js';
import { INTERRUPTED_WORDS } from './exit-codes.js';
import type { ParsedArgs } from './parsed-args.js';

/** `--request-timeout` and `--ca-cert`, read as the trigger's settings read them. */
export function readConnection(args: ParsedArgs): ConnectionSettings {
  return {
    requestTimeoutMs: parseDuration(
      args.string('request-timeout') ?? DEFAULT_REQUEST_TIMEOUT,
      '--request-timeout',
      { min: 1_000, max: 600_000 },
    ),
    caCerts: parseCaCert(args.string('ca-cert') ?? '', '--ca-cert'),
  };
}

/** The core's client for the instance, logging to stderr through the redactor. */
export function connectTo(
  instance: GitLabInstance,
  connection: ConnectionSettings,
  ctx: Context,
): Promise<GitLabClient> {
  return connect(instance, {
    logger: ctx.out.logger(),
    redactor: ctx.redactor,
    clock: ctx.clock,
    env: ctx.io.env,
    connection,
    caCertSetting: '--ca-cert',
    interrupted: INTERRUPTED_WORDS,
  });
}
