import type { Clock } from './clock.js';
import { GitLabError } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './parse/duration.js';
import type { FollowTarget } from './parse/follow-target.js';
import type { Pipeline } from './pipeline.js';
import type { PipelineSource } from './pipeline-source.js';
import type { PipelinesApi } from './pipelines-api.js';
import type { StopConditions } from './retry.js';
import type { ProjectRef } from './settings.js';

/** How often GitLab is asked for a commit's pipeline while none exists: from 5 s to 30 s. */
export const APPEAR_POLL_MS: readonly [number, number] = [5_000, 30_000];
/** How often the wait for a commit's pipeline says it is still waiting. */
const STILL_WAITING_MS = 60_000;

export interface FollowSourceOptions {
  readonly target: FollowTarget;
  readonly project: ProjectRef;
  /** The instance root, for messages. */
  readonly gitlabUrl: string;
  /** Only pipelines on this branch or tag, for a commit. */
  readonly ref?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a commit's pipeline may take to appear (a mirror's lag). */
  readonly timeoutMs: number;
  /** Where the value was given, for messages: `follow`. */
  readonly input: string;
}

/**
 * A pipeline the tool did not start, as the pipeline to wait for: by id or link, or the
 * newest pipeline of a commit, waiting for it to appear when GitLab has none yet (a pull
 * mirror creates it only once it has pulled the commit).
 */
export function followSource(
  api: Pick<PipelinesApi, 'pipeline' | 'ofCommit'>,
  options: FollowSourceOptions,
): PipelineSource {
  const { target, project } = options;
  return {
    describe: () =>
      target.kind === 'id'
        ? `Following pipeline #${target.id} of project '${project.display}' on ${options.gitlabUrl}`
        : `Following the newest pipeline of commit ${target.sha} in project '${project.display}'${options.ref ? ` on '${options.ref}'` : ''} on ${options.gitlabUrl}`,
    async start(stops) {
      if (target.kind === 'sha') return appeared(api, target.sha, options, stops);
      const pipeline = await api.pipeline(target.id, { stops });
      if (target.link && !samePage(pipeline.web_url, target.link))
        throw new GitLabError(
          `Pipeline #${target.id} of project '${project.display}' is at ${pipeline.web_url}, not at the link given in ${options.input} (${target.link}): the link names another project's pipeline.`,
          200,
          { call: `read pipeline #${target.id}` },
        );
      return pipeline;
    },
  };
}

function samePage(webUrl: unknown, link: string): boolean {
  return (
    typeof webUrl === 'string' && webUrl.replace(/\/$/, '').toLowerCase() === link.toLowerCase()
  );
}

/** The commit's newest pipeline, once GitLab has one; an error naming the commit at the timeout. */
async function appeared(
  api: Pick<PipelinesApi, 'pipeline' | 'ofCommit'>,
  sha: string,
  options: FollowSourceOptions,
  stops: StopConditions,
): Promise<Pipeline> {
  const { clock, logger } = options;
  const start = clock.now();
  const until = start + options.timeoutMs;
  const what = `a pipeline of commit ${sha} in project '${options.project.display}'${options.ref ? ` on '${options.ref}'` : ''}`;
  let pause = APPEAR_POLL_MS[0];
  let lastNotice = -Infinity;
  for (;;) {
    const [newest] = await api.ofCommit(sha, options.ref, { stops: { ...stops, deadline: until } });
    if (newest) {
      if (lastNotice > -Infinity)
        logger.info(
          `Pipeline #${newest.id} of commit ${sha.slice(0, 12)} appeared after ${formatDuration(clock.now() - start)}`,
        );
      return api.pipeline(newest.id, { stops });
    }
    if (stops.signal?.aborted)
      throw new GitLabError(
        `The run was cancelled while waiting for ${what}; none had appeared.`,
        0,
      );
    const left = until - clock.now();
    if (left <= 0)
      throw new GitLabError(
        `No pipeline appeared for ${what} within ${formatDuration(options.timeoutMs)}: GitLab has not created one (has the commit reached GitLab — a mirror pulls on its own schedule — and does its configuration run a pipeline for it?).`,
        404,
        { call: `list the pipelines of commit ${sha.slice(0, 12)}` },
      );
    if (clock.now() - lastNotice >= STILL_WAITING_MS) {
      logger.info(
        `${lastNotice === -Infinity ? 'Waiting' : 'Still waiting'} for ${what} to appear (GitLab has none yet; a mirror creates it once it has pulled the commit), at most ${formatDuration(left)} more`,
      );
      lastNotice = clock.now();
    }
    await clock.sleep(Math.min(pause, left), stops.signal);
    pause = Math.min(pause * 2, APPEAR_POLL_MS[1]);
  }
}
