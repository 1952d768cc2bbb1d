import type { Logger } from '../logger.js';
import type { Pipeline } from '../pipeline.js';
import type { PipelineSource } from '../pipeline-source.js';
import { deletePushed, pushCommit, type PushOptions, type Pushed } from './push-commit.js';
import type { PushSettings } from './push-settings.js';

/** A source that pushes the commit first, and can delete what it pushed once the run is over. */
export interface PushSource extends PipelineSource {
  /** What was pushed, once it was. */
  pushed(): Pushed | undefined;
  /** Deletes the pushed branch, when something was pushed and the branch still holds it. */
  deletePushed(): Promise<void>;
}

/**
 * Pushes the checked-out commit to the branch, then starts the pipeline through `trigger` on
 * that branch, and checks the pipeline runs the pushed commit: a push to the branch between
 * the two (someone else's, a mirror's) would make it run another, and the results would be
 * reported for a commit they are not about.
 */
export function pushThenTrigger(
  trigger: PipelineSource,
  settings: PushSettings,
  options: PushOptions & { readonly logger: Logger },
): PushSource {
  let pushed: Pushed | undefined;
  return {
    describe: () => {
      const then = trigger.describe();
      return `Pushing the checked-out commit to branch '${settings.branch}', then ${then.charAt(0).toLowerCase()}${then.slice(1)}`;
    },
    async start(stops) {
      pushed = await pushCommit(settings, { ...options, signal: stops.signal });
      const pipeline = await trigger.start(stops);
      checkSha(pipeline, pushed, options.logger);
      return pipeline;
    },
    pushed: () => pushed,
    async deletePushed() {
      if (pushed) await deletePushed(settings, pushed, options);
    },
  };
}

function checkSha(pipeline: Pipeline, pushed: Pushed, logger: Logger): void {
  if (pipeline.sha === pushed.sha) return;
  // GitLab's answer is quoted only when it looks like a sha.
  const ran =
    typeof pipeline.sha === 'string' && /^[0-9a-f]{40,64}$/.test(pipeline.sha)
      ? pipeline.sha
      : 'a commit GitLab did not name';
  logger.warning(
    `PIPELINE #${pipeline.id} DOES NOT RUN THE PUSHED COMMIT: it runs ${ran} on '${pushed.branch}', not ${pushed.sha}. Something else pushed to the branch between the push and the trigger; its results are not this commit's. Use a branch only this workflow writes (under github/).`,
  );
}
