import type { Clock } from './clock.js';
import { GitLabError, NetworkError, StoppedError, isDenied } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './parse/duration.js';
import { isPipeline, type Pipeline } from './pipeline.js';
import type { PipelinesApi } from './pipelines-api.js';
import type { StopConditions } from './retry.js';
import { isFinished } from './pipeline-statuses.js';

/** The longest a cancel may take when the run is being stopped: the runner kills the step 10 s after SIGINT. */
export const CANCEL_BUDGET_MS = 5_000;

/** What became of a pipeline the tool asked GitLab to cancel, as GitLab then showed it. */
export interface CancelOutcome {
  /** True when GitLab shows the pipeline canceled or canceling. */
  readonly canceled: boolean;
  /**
   * True when nothing is left for a later try to cancel: it was cancelled, had finished, or
   * GitLab will not cancel it (blocked on a manual job).
   */
  readonly settled: boolean;
  /** The pipeline as last read, when GitLab answered. */
  readonly pipeline?: Pipeline;
  /** For the end of a message: `was cancelled`, `could not be cancelled: …`. */
  readonly fate: string;
}

type CancelApi = Pick<PipelinesApi, 'cancel' | 'pipeline' | 'hasToken'>;

/**
 * Asks GitLab to cancel the pipeline, then reads it once more and says what GitLab did, not
 * what was asked: GitLab's answer to the cancel is not the outcome (it recomputes the status
 * after cancelling the jobs), a pipeline blocked on a manual job cannot be cancelled (every
 * release through 19.x answers 200 with it unchanged: lib/api/ci/pipelines.rb keeps that
 * answer until API v5, issue 519143), and a pipeline may have finished meanwhile. The whole exchange stays within CANCEL_BUDGET_MS, so a cancelled run still exits
 * before the runner kills it: requests are dropped at the budget.
 */
export async function cancelPipeline(
  api: CancelApi,
  pipeline: Pipeline,
  logger: Logger,
  clock: Clock,
  apiTokenName: string,
): Promise<CancelOutcome> {
  if (!api.hasToken) {
    logger.warning(
      `Pipeline #${pipeline.id} may still run and was not cancelled: cancelling needs '${apiTokenName}' with the api scope. ${pipeline.web_url}`,
    );
    // No later try could do better without the token: the post step leaves it too.
    return { canceled: false, settled: true, fate: 'could not be cancelled and may still run' };
  }
  logger.info(`Cancelling pipeline #${pipeline.id}: ${pipeline.web_url}`);
  // The deadline bounds every request of the exchange: one that hangs is dropped at it.
  const stops = { deadline: clock.now() + CANCEL_BUDGET_MS };
  try {
    return await askAndCheck(api, pipeline, logger, stops);
  } catch (error) {
    const hint = isDenied(error) ? ` Cancelling needs '${apiTokenName}' with the api scope.` : '';
    const why =
      error instanceof StoppedError || (error instanceof NetworkError && error.code === 'TIMEOUT')
        ? `GitLab did not answer within ${formatDuration(CANCEL_BUDGET_MS)}`
        : (error as Error).message;
    logger.warning(`Could not cancel pipeline #${pipeline.id}: ${why}${hint}`);
    return { canceled: false, settled: false, fate: 'could not be cancelled and may still run' };
  }
}

async function askAndCheck(
  api: CancelApi,
  pipeline: Pipeline,
  logger: Logger,
  stops: StopConditions,
): Promise<CancelOutcome> {
  let answer: unknown;
  try {
    answer = await api.cancel(pipeline.id, { stops });
  } catch (error) {
    // No release refuses yet, but a 400 or 422 is how a future API (v5, GitLab issue 519143)
    // would refuse a pipeline with nothing left to cancel: it is read as that, not as a fault.
    if (error instanceof GitLabError && (error.status === 400 || error.status === 422)) {
      // It may simply have finished meanwhile: the pipeline as it is now says which.
      const now = await readAgain(api, pipeline, logger, stops);
      if (now && now.status !== 'manual') return { ...fateOf(now), pipeline: now };
      const words = error.gitlabMessage ? ` (${error.gitlabMessage})` : '';
      logger.warning(`GitLab would not cancel pipeline #${pipeline.id}${words}.`);
      return {
        canceled: false,
        settled: true,
        fate: `could not be cancelled: GitLab refused${words}`,
      };
    }
    throw error;
  }
  // The pipeline as read again says what the cancel did; the answer only when that read failed,
  // and only when it is this pipeline.
  const now =
    (await readAgain(api, pipeline, logger, stops)) ??
    (isPipeline(answer) && answer.id === pipeline.id ? answer : undefined);
  if (!now) {
    logger.warning(
      `Asked GitLab to cancel pipeline #${pipeline.id}, but neither its answer nor a read after it says what became of it: ${pipeline.web_url}`,
    );
    return {
      canceled: false,
      settled: false,
      fate: 'was sent a cancel, but what GitLab did is unknown',
    };
  }
  logger.info(`Asked GitLab to cancel; pipeline #${pipeline.id} is now ${now.status}.`);
  return { ...fateOf(now), pipeline: now };
}

/** The pipeline as GitLab shows it after the cancel; undefined when it cannot be read. */
async function readAgain(
  api: CancelApi,
  pipeline: Pipeline,
  logger: Logger,
  stops: StopConditions,
): Promise<Pipeline | undefined> {
  try {
    return await api.pipeline(pipeline.id, { stops, once: true });
  } catch (error) {
    logger.debug(`Pipeline #${pipeline.id} not read after the cancel: ${(error as Error).message}`);
    return undefined;
  }
}

/** What a pipeline's status after a cancel means. */
function fateOf(pipeline: Pipeline): Omit<CancelOutcome, 'pipeline'> {
  switch (pipeline.status) {
    case 'canceled':
      return { canceled: true, settled: true, fate: 'was cancelled' };
    case 'canceling':
      return { canceled: true, settled: true, fate: 'is being cancelled' };
    case 'manual':
      return {
        canceled: false,
        settled: true,
        fate: 'could not be cancelled: it waits on a manual job, which GitLab does not cancel, and stays blocked',
      };
    default:
      return isFinished(pipeline.status)
        ? { canceled: false, settled: true, fate: `had already finished (${pipeline.status})` }
        : {
            canceled: false,
            settled: false,
            fate: `was asked to cancel but was still ${pipeline.status} when read again, and may still run`,
          };
  }
}
