import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';
import type { PipelineSource } from './pipeline-source.js';
import type { PipelinesApi } from './pipelines-api.js';
import type { StopConditions } from './retry.js';
import type { ProjectRef } from './settings.js';
import { isFinished } from './pipeline-statuses.js';

/** How long a retried pipeline may still show its old finished status before it counts as not retried. */
export const RETRY_SETTLE_MS = 10_000;
const SETTLE_STEP_MS = 1_000;

export interface RetrySourceOptions {
  /** The earlier pipeline, whose failed and canceled jobs are retried. */
  readonly pipelineId: number;
  readonly project: ProjectRef;
  /** The instance root, for the line logged before the retry. */
  readonly gitlabUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The pipeline as read before the retry, to tell a retried pipeline from an untouched one. */
  readonly before?: Pipeline;
  /** How long to wait for a retried pipeline to leave its finished status (default 10 s). */
  readonly settleMs?: number;
}

/**
 * An earlier pipeline, its failed and canceled jobs retried (`POST …/pipelines/:id/retry`),
 * as the pipeline to wait for. GitLab answers with the pipeline as it loaded it, and may move
 * it out of its finished status only as processing catches up; and it answers the same way
 * when none of its jobs could be retried (an archived pipeline, one that failed before any job
 * ran). So a pipeline still finished after the retry is read again for a few seconds, then
 * followed as it stands. Once GitLab has accepted the retry, no new pipeline is ever started
 * instead: the retried jobs may be on their way, and a second pipeline would run beside them.
 */
export function retrySource(
  api: Pick<PipelinesApi, 'retry' | 'pipeline'>,
  options: RetrySourceOptions,
): PipelineSource {
  const { pipelineId: id, logger } = options;
  return {
    describe: () =>
      `Retrying the failed jobs of pipeline #${id} of project '${options.project.display}' on ${options.gitlabUrl}`,
    async start(stops) {
      const answer = await api.retry(id, { stops });
      if (!isFinished(answer.status)) return answer;
      const moved = await settle(api, answer, options, stops);
      if (moved) return moved;
      logger.warning(
        `GitLab accepted the retry of pipeline #${id}, but it still shows ${answer.status} (it may have had nothing to retry); following it as it stands: ${answer.web_url}`,
      );
      return answer;
    },
  };
}

/** The pipeline once it shows the retry (a status not finished, or a new finish); else undefined. */
async function settle(
  api: Pick<PipelinesApi, 'pipeline'>,
  answer: Pipeline,
  options: RetrySourceOptions,
  stops: StopConditions,
): Promise<Pipeline | undefined> {
  const { clock } = options;
  const finishedAt = options.before?.finished_at ?? answer.finished_at;
  const until = clock.now() + (options.settleMs ?? RETRY_SETTLE_MS);
  while (clock.now() < until) {
    await clock.sleep(Math.min(SETTLE_STEP_MS, until - clock.now()), stops.signal);
    if (stops.signal?.aborted) return undefined;
    let now: Pipeline;
    try {
      now = await api.pipeline(answer.id, { stops, once: true });
    } catch (error) {
      options.logger.debug(`Pipeline #${answer.id} not read after the retry: ${String(error)}`);
      continue;
    }
    // Retried jobs that already finished again leave a new finished_at behind.
    if (!isFinished(now.status) || (now.finished_at ?? null) !== (finishedAt ?? null))
      return { ...answer, ...now };
  }
  return undefined;
}
