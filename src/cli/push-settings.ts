import type { PipelineSource } from '../core/pipeline-source.js';
import { parseToken } from '../core/parse/ref.js';
import { systemGit } from '../core/push/git.js';
import { pushThenTrigger } from '../core/push/push-source.js';
import { basicCredential } from '../core/push/git-auth.js';
import {
  OWNED_PREFIX,
  parseBranch,
  remoteUrlOf,
  type PushNames,
  type PushSettings,
} from '../core/push/push-settings.js';
import type { TriggerSettings } from '../core/settings.js';
import type { Context } from './command.js';
import { Env } from './env-config.js';
import type { ParsedArgs } from './parsed-args.js';
import { UsageError } from './usage-error.js';

export const CLI_PUSH_NAMES: PushNames = {
  push: '--push',
  token: Env.PushToken,
  ref: '--ref',
  project: '--project',
  caCert: '--ca-cert',
};

/**
 * `run --push`: the current directory's HEAD to --ref's branch, with the token from
 * GITLAB_PUSH_TOKEN (never an option's value: it would be in every process list).
 */
export function readPushOptions(
  args: ParsedArgs,
  ctx: Context,
  settings: TriggerSettings,
  wait: boolean,
  cwd: string,
): (PushSettings & { deleteAfter: boolean }) | undefined {
  const deleteAfter = args.flag('delete-pushed-ref');
  if (!args.flag('push')) {
    if (deleteAfter)
      throw new UsageError(
        '--delete-pushed-ref',
        '--delete-pushed-ref applies only with --push: add --push, or leave it out.',
      );
    return undefined;
  }
  if (deleteAfter && !wait)
    throw new UsageError(
      '--delete-pushed-ref',
      '--delete-pushed-ref deletes the branch once the pipeline has finished: add --wait, or leave it out.',
    );
  const token = parseToken(
    ctx.io.env[Env.PushToken] ?? '',
    Env.PushToken,
    'a GitLab access token with write_repository for --push',
  );
  ctx.redactor.add(token);
  ctx.redactor.add(basicCredential(token));
  const branch = parseBranch(settings.ref, '--ref');
  return {
    workspace: cwd,
    branch,
    remoteUrl: remoteUrlOf(settings.gitlab.url, settings.project.display, CLI_PUSH_NAMES),
    token,
    force: branch.startsWith(OWNED_PREFIX),
    caCerts: settings.connection.caCerts,
    deleteAfter,
  };
}

/**
 * The trigger, after a push when --push is given; `afterRun` deletes the pushed branch when
 * --delete-pushed-ref asks, once the run is over.
 */
export function withPush(
  push: ReturnType<typeof readPushOptions>,
  trigger: PipelineSource,
  ctx: Context,
): { source: PipelineSource; afterRun: () => Promise<void> } {
  if (!push) return { source: trigger, afterRun: async () => undefined };
  const logger = ctx.out.logger();
  const git = { git: systemGit(ctx.io.env), logger, names: CLI_PUSH_NAMES };
  const source = pushThenTrigger(trigger, push, git);
  return { source, afterRun: async () => (push.deleteAfter ? source.deletePushed() : undefined) };
}
