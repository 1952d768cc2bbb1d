import type { PipelineSource } from '../core/pipeline-source.js';
import { systemGit } from '../core/push/git.js';
import { pushThenTrigger } from '../core/push/push-source.js';
import type { PushNames } from '../core/push/push-settings.js';
import type { PushPlan } from '../core/run-settings.js';
import type { Context } from './command.js';
import { Env } from './env-config.js';

export const CLI_PUSH_NAMES: PushNames = {
  push: '--push',
  token: Env.PushToken,
  ref: '--ref',
  project: '--project',
  caCert: '--ca-cert',
};

/**
 * The trigger, after a push when --push is given; `afterRun` deletes the pushed branch when
 * --delete-pushed-ref asks, once the run is over.
 */
export function withPush(
  plan: PushPlan | undefined,
  trigger: PipelineSource,
  ctx: Context,
): { source: PipelineSource; afterRun: () => Promise<void> } {
  if (!plan) return { source: trigger, afterRun: async () => undefined };
  // The current directory's HEAD, to --ref's branch, with the token from GITLAB_PUSH_TOKEN
  // (never an option's value: it would be in every process list).
  const push = { ...plan, workspace: process.cwd() };
  const logger = ctx.out.logger();
  const git = { git: systemGit(ctx.io.env), logger, names: CLI_PUSH_NAMES };
  const source = pushThenTrigger(trigger, push, git);
  return { source, afterRun: async () => (push.deleteAfter ? source.deletePushed() : undefined) };
}
