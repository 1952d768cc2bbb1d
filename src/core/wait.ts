import type { Clock, Logger } from './clock.js';
import { GitLabError, NetworkError } from './errors.js';
import { formatDuration } from './parse/duration.js';
import type { Pipeline } from './pipeline.js';
import type { Job, PipelinesApi } from './pipelines-api.js';
import { nextPollDelay, typicalDuration } from './poll-schedule.js';
import { DONE_JOB_STATUSES, isFinished } from './statuses.js';
import type { WaitSettings } from './wait-settings.js';

/** How long GitLab may stay unreachable (5xx, HTML pages, resets, timeouts) before the wait gives up. */
export const UNREACHABLE_LIMIT_MS = 5 * 60_000;
/** While a pipeline runs, its jobs are re-read for the progress line at most this often. */
const JOB_REFRESH_MS = 60_000;
/** The longest a cancel may take when the run is being stopped: the runner kills the step 10 s after SIGINT. */
export const CANCEL_BUDGET_MS = 5_000;

export type WaitOutcome = 'passed' | 'failed' | 'manual' | 'timed-out' | 'aborted';

export interface WaitResult {
  readonly outcome: WaitOutcome;
  /** The pipeline as last read. */
  readonly pipeline: Pipeline;
  /** True when the tool asked GitLab to cancel the pipeline. */
  readonly canceled: boolean;
  /** One line that says what happened, for the log or the failure. */
  readonly message: string;
  readonly elapsedMs: number;
  /** The jobs as read when the pipeline finished, so the final report need not read them again. */
  readonly jobs?: readonly Job[];
}

/** The calls the wait makes; PipelinesApi in the tool, a script in the tests. */
export type PipelineReader = Pick<
  PipelinesApi,
  'pipeline' | 'jobs' | 'cancel' | 'play' | 'rateLimitPauseMs'
> &
  Partial<Pick<PipelinesApi, 'recentDurations' | 'hasToken'>>;

export interface WaitOptions {
  readonly api: PipelineReader;
  readonly pipeline: Pipeline;
  readonly settings: WaitSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Aborted when the run is cancelled (SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  /** The name of the read-token setting, for messages (`api_token`, `--api-token-file`). */
  readonly apiTokenName: string;
  /** The name of the manual-job setting, for messages. */
  readonly onManualName: string;
  /** The name of the cancel-on-abort setting, for messages. */
  readonly cancelOnAbortName: string;
  readonly random?: () => number;
  /**
   * How long the pipeline is expected to take; shapes the schedule. When absent, it is read
   * from the recent successful pipelines on the same ref while the first poll waits.
   */
  readonly expectedMs?: number;
}

/** "7/12 jobs done, 1 failed": a pipeline's progress from its jobs. */
export function jobProgress(jobs: readonly Job[]): string {
  const done = jobs.filter((j) => DONE_JOB_STATUSES.includes(j.status)).length;
  const failed = jobs.filter((j) => j.status === 'failed' && !j.allow_failure).length;
  return `${done}/${jobs.length} jobs done${failed ? `, ${failed} failed` : ''}`;
}

/**
 * Follows a pipeline until it finishes, the timeout passes, or the run is cancelled.
 * Logs one line per change of status (not per poll). Transient trouble (5xx, resets,
 * timeouts, rate limits) is ridden out for up to UNREACHABLE_LIMIT_MS.
 */
export async function waitForPipeline(options: WaitOptions): Promise<WaitResult> {
  const { api, settings, clock, logger, signal } = options;
  const start = clock.now();
  const deadline = start + settings.timeoutMs;
  const elapsed = () => clock.now() - start;
  let pipeline = options.pipeline;
  let lastLine = '';
  let jobsReadable = true;
  let jobsReadAt = -Infinity;
  let unreachableSince: number | undefined;
  let lastTrouble = '';
  let read = false;
  const played = new Set<number>();
  let manualNoted = false;

  const readJobs = async (): Promise<Job[] | undefined> => {
    if (!jobsReadable) return undefined;
    try {
      jobsReadAt = clock.now();
      return await api.jobs(pipeline.id);
    } catch (error) {
      // Progress is a nicety: any failure leaves it out; a refusal stops further tries.
      if (error instanceof GitLabError && [401, 403, 404].includes(error.status)) {
        jobsReadable = false;
        logger.debug(
          `Jobs are not readable with this token (${error.status}); progress shows the status only.`,
        );
      }
      return undefined;
    }
  };

  let progress = '';
  let lastJobs: Job[] | undefined;
  const report = async (force: boolean): Promise<void> => {
    const jobs = force || clock.now() - jobsReadAt >= JOB_REFRESH_MS ? await readJobs() : undefined;
    if (jobs) lastJobs = jobs;
    if (jobs?.length) progress = `, ${jobProgress(jobs)}`;
    const line = `Pipeline #${pipeline.id}: ${pipeline.status}${progress}`;
    if (line !== lastLine) {
      logger.info(`${line} (${formatDuration(elapsed())})`);
      lastLine = line;
    }
  };

  const stop = async (outcome: 'timed-out' | 'aborted'): Promise<WaitResult> => {
    const why =
      outcome === 'aborted'
        ? 'The run was cancelled'
        : `The wait reached its timeout of ${formatDuration(settings.timeoutMs)}`;
    let canceled = false;
    let tail: string;
    if (!settings.cancelOnAbort) {
      tail = `pipeline #${pipeline.id} was left running (${options.cancelOnAbortName} is false): ${pipeline.web_url}`;
    } else {
      const after = await cancelPipeline(api, pipeline, logger, clock, options.apiTokenName);
      canceled = after !== undefined;
      if (after) pipeline = { ...pipeline, ...after };
      tail = canceled
        ? `pipeline #${pipeline.id} was cancelled: ${pipeline.web_url}`
        : `pipeline #${pipeline.id} could not be cancelled and may still run: ${pipeline.web_url}`;
    }
    return { outcome, pipeline, canceled, message: `${why}; ${tail}`, elapsedMs: elapsed() };
  };

  logger.info(
    `Waiting for pipeline #${pipeline.id} to finish (at most ${formatDuration(settings.timeoutMs)}): ${pipeline.web_url}`,
  );
  let expectedMs = options.expectedMs;
  if (expectedMs === undefined && api.recentDurations) {
    // Read while the first poll waits; without history the age-based schedule applies.
    void api
      .recentDurations(pipeline.ref)
      .then((durations) => {
        expectedMs = typicalDuration(durations);
        if (expectedMs !== undefined) {
          logger.debug(
            `Recent pipelines on '${pipeline.ref}' took about ${formatDuration(expectedMs)}; polling around that.`,
          );
        }
      })
      .catch((error: Error) => logger.debug(`No history for the poll schedule: ${error.message}`));
  }
  const plan = (ageMs: number): number =>
    nextPollDelay({ ageMs, capMs: settings.maxPollIntervalMs, expectedMs, random: options.random });
  for (let delay = plan(0); ;) {
    if (signal?.aborted) return stop('aborted');
    const remaining = deadline - clock.now();
    if (remaining <= 0) return stop('timed-out');
    await clock.sleep(Math.min(delay, remaining), signal);
    if (signal?.aborted) return stop('aborted');
    if (clock.now() >= deadline) return stop('timed-out');

    try {
      pipeline = { ...pipeline, ...(await api.pipeline(pipeline.id)) };
      read = true;
      if (unreachableSince !== undefined)
        logger.info(
          `GitLab answers again after ${formatDuration(clock.now() - unreachableSince)}.`,
        );
      unreachableSince = undefined;
      lastTrouble = '';
    } catch (error) {
      // No access, or a redirect (never followed): waiting longer cannot change either.
      const denied = error instanceof GitLabError && [401, 403, 404].includes(error.status);
      const moved = error instanceof GitLabError && error.status >= 300 && error.status < 400;
      if (denied || moved) {
        const todo = moved
          ? ''
          : read
            ? ' The token lost access while waiting.'
            : ` Give '${options.apiTokenName}' a token with read_api on the project, or do not wait.`;
        throw new GitLabError(
          `Pipeline #${pipeline.id} was created (${pipeline.web_url}) but cannot be read to follow it: ${error.message}${todo}`,
          (error as GitLabError).status,
        );
      }
      if (!(error instanceof NetworkError) && !(error instanceof GitLabError)) throw error;
      unreachableSince ??= clock.now();
      if (clock.now() - unreachableSince >= UNREACHABLE_LIMIT_MS) {
        throw new GitLabError(
          `GitLab stayed unreachable for ${formatDuration(clock.now() - unreachableSince)} while waiting for pipeline #${pipeline.id}; it may still run: ${pipeline.web_url}. Last trouble: ${error.message}`,
          error instanceof GitLabError ? error.status : 0,
        );
      }
      if (error.message !== lastTrouble)
        logger.warning(
          `${error.message} Still waiting; GitLab may be unreachable for up to ${formatDuration(UNREACHABLE_LIMIT_MS)}.`,
        );
      lastTrouble = error.message;
      delay = Math.min(Math.max(delay * 2, 2_000), 30_000);
      continue;
    }

    const changed = !lastLine.startsWith(`Pipeline #${pipeline.id}: ${pipeline.status}`);
    await report(changed);
    if (isFinished(pipeline.status)) {
      const passed = settings.passStatuses.includes(pipeline.status);
      return {
        outcome: passed ? 'passed' : 'failed',
        pipeline,
        canceled: false,
        message: `Pipeline #${pipeline.id} finished: ${pipeline.status}${passed ? '' : ` (passing: ${settings.passStatuses.join(', ')})`} after ${formatDuration(elapsed())}: ${pipeline.web_url}`,
        elapsedMs: elapsed(),
        jobs: changed ? lastJobs : undefined,
      };
    }
    if (pipeline.status === 'manual') {
      // The jobs were just read when the status turned manual; only playing needs them anew.
      const jobs = changed || settings.onManual !== 'play' ? lastJobs : await readJobs();
      const manual = (jobs ?? []).filter((j) => j.status === 'manual');
      const named = manual.length
        ? manual.map((j) => `'${j.name}' (stage ${j.stage}) at ${j.web_url}`).join(', ')
        : 'a manual job';
      if (settings.onManual === 'fail' || settings.onManual === 'pass') {
        return {
          outcome: settings.onManual === 'pass' ? 'passed' : 'manual',
          pipeline,
          canceled: false,
          message:
            settings.onManual === 'pass'
              ? `Pipeline #${pipeline.id} is waiting for ${named} to be run by hand; passing as ${options.onManualName} is pass: ${pipeline.web_url}`
              : `Pipeline #${pipeline.id} is blocked on ${named}, which waits for someone to run it. Run it there, or set ${options.onManualName} to pass, wait or play.`,
          elapsedMs: elapsed(),
        };
      }
      if (settings.onManual === 'play') {
        for (const job of manual.filter((j) => !played.has(j.id))) {
          played.add(job.id);
          logger.info(`Running manual job '${job.name}' (stage ${job.stage}).`);
          await api.play(job.id);
        }
      } else if (!manualNoted) {
        logger.info(
          `Pipeline #${pipeline.id} waits for ${named} to be run by hand; waiting for it as ${options.onManualName} is wait.`,
        );
        manualNoted = true;
      }
    }
    // GitLab's RateLimit-* headers come first: polling into an exhausted limit only earns 429s.
    delay = Math.max(plan(elapsed()), api.rateLimitPauseMs());
  }
}

/**
 * Asks GitLab to cancel the pipeline, within CANCEL_BUDGET_MS so a cancelled run still exits
 * before the runner kills it. Returns whether GitLab accepted; failures are warnings.
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
  try {
    const result = await Promise.race([
      api.cancel(pipeline.id),
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
    const hint =
      error instanceof GitLabError && [401, 403, 404].includes(error.status)
        ? ` Cancelling needs '${apiTokenName}' with the api scope.`
        : '';
    logger.warning(`Could not cancel pipeline #${pipeline.id}: ${(error as Error).message}${hint}`);
    return undefined;
  } finally {
    budget.abort();
  }
}
