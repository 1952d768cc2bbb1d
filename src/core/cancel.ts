import type { Clock } from './clock.js';
import { NetworkError, isDenied } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './parse/duration.js';
import type { Pipeline } from './pipeline.js';
import type { PipelinesApi } from './pipelines-api.js';

/** The longest a cancel may take when the run is being stopped: the runner kills the step 10 s after SIGINT. */
export const CANCEL_BUDGET_MS = 5_000;

/**
 * Asks GitLab to cancel the pipeline, within CANCEL_BUDGET_MS so a cancelled run still exits
 * before the runner kills it: the request itself is dropped at the budget. Returns the
 * pipeline as GitLab's answer gave it, or undefined when GitLab did not accept; failures are
 * warnings.
 */
export async function cancelPipeline(
  api: Pick<PipelinesApi, 'cancel'> & { readonly hasToken?: boolean },
  pipeline: Pipeline,
  logger: Logger,
  clock: Clock,
  apiTokenName: string,
): Promise<Pipeline | undefined> {
  if (api.hasToken === false) {
    logger.warning(
      `Pipeline #${pipeline.id} may still run and was not cancelled: cancelling needs '${apiTokenName}' with the api scope. ${pipeline.web_url}`,
    );
    return undefined;
  }
  logger.info(`Cancelling pipeline #${pipeline.id}: ${pipeline.web_url}`);
  const budget = new AbortController();
  const stops = { signal: budget.signal, deadline: clock.now() + CANCEL_BUDGET_MS };
  try {
    const result = await Promise.race([
      api.cancel(pipeline.id, { stops }),
      clock.sleep(CANCEL_BUDGET_MS, budget.signal).then(() => {
        throw new NetworkError(
          `GitLab did not answer the cancel within ${formatDuration(CANCEL_BUDGET_MS)}`,
          true,
          'TIMEOUT',
        );
      }),
    ]);
    logger.info(`GitLab accepted the cancel; pipeline #${pipeline.id} is ${result.status}.`);
    return result;
  } catch (error) {
    const hint = isDenied(error) ? ` Cancelling needs '${apiTokenName}' with the api scope.` : '';
    logger.warning(`Could not cancel pipeline #${pipeline.id}: ${(error as Error).message}${hint}`);
    return undefined;
  } finally {
    budget.abort();
  }
}
