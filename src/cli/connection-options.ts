import { connect } from '../core/gitlab-connection.js';
import type { GitLabClient } from '../core/gitlab-client.js';
import type { ConnectionSettings, GitLabInstance } from '../core/settings.js';
import { buildConnection } from '../core/trigger-settings.js';
import type { Context } from './command.js';
import { INTERRUPTED_WORDS } from './exit-codes.js';
import type { ParsedArgs } from './parsed-args.js';

/** `--request-timeout` and `--ca-cert`, read as the trigger's settings read them. */
export function readConnection(args: ParsedArgs): ConnectionSettings {
  return buildConnection(
    { requestTimeout: args.string('request-timeout'), caCert: args.string('ca-cert') },
    { requestTimeout: '--request-timeout', caCert: '--ca-cert' },
  );
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
