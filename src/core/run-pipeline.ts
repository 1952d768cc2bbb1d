import { cancelPipeline } from './cancel.js';
import type { Clock } from './clock.js';
import { followPipeline, watcherFailed, type FollowEnd } from './follow/follow-loop.js';
import { Schedule, type HistoryApi } from './follow/schedule.js';
import { JobsReader } from './follow/snapshot.js';
import { OutageTracker } from './follow/outage-tracker.js';
import type {
  Finding,
  WaitEnd,
  WaitOutcome,
  WatchContext,
  Watcher,
  WatcherApi,
} from './follow/watcher.js';
import { INTERRUPTED } from './gitlab-client.js';
import type { Logger } from './logger.js';
import { formatDuration } from './parse/duration.js';
import type { Pipeline } from './pipeline.js';
import { finishedMessage } from './pipeline-end.js';
import type { PipelineSource } from './pipeline-source.js';
import type { PipelinesApi } from './pipelines-api.js';
import type { Redactor } from './redact.js';
import type { WaitSettingNames, WaitSettings } from './wait-settings.js';

/**
 * How long the watchers' final reads (the final report, test results, outputs, artifacts) may
 * take beyond the wait's own timeout, so a pipeline that finished just before it still has
 * its results fetched.
 */
export const END_PHASE_MS = 5 * 60_000;

/** The calls a run makes after the pipeline exists. */
export type RunApi = WatcherApi &
  HistoryApi &
  Pick<PipelinesApi, 'pipeline' | 'cancel' | 'hasToken'>;

/** How to follow the pipeline, and how the host names the settings in messages. */
export interface FollowSettings {
  readonly api: RunApi;
  readonly settings: WaitSettings;
  readonly names: WaitSettingNames;
  readonly random?: () => number;
  /** How long the pipeline is expected to take; read from the ref's history when absent. */
  readonly expectedMs?: number;
}

export interface RunOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly redactor: Redactor;
  /** Aborted when the run is cancelled (SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  /** How the host says the run was stopped (`Interrupted`); default INTERRUPTED. */
  readonly interrupted?: string;
  /** Follow the pipeline to its end; otherwise return once it exists. */
  readonly wait: boolean;
  /** Needed to wait, and to cancel a pipeline created while the run was being cancelled. */
  readonly follow?: FollowSettings;
  /** Called as soon as the pipeline exists, so it is linked whatever happens next. */
  readonly onStarted?: (pipeline: Pipeline) => void;
  /**
   * Called as soon as the wait is over (the pipeline finished, a verdict, a stop and its
   * cancel), before the watchers' final reads, which may take a while (downloads): a step
   * killed meanwhile must already have said how the wait ended.
   */
  readonly onWaitEnded?: (end: {
    readonly outcome: WaitOutcome;
    readonly settled: boolean;
  }) => void;
}

export interface RunResult {
  /** `started` when the run did not wait. */
  readonly outcome: WaitOutcome | 'started';
  /** The pipeline as the source started it. */
  readonly created: Pipeline;
  /** The pipeline as last read (or as the cancel left it). */
  readonly pipeline: Pipeline;
  /** One line that says what happened, for the log or the failure. */
  readonly message: string;
  /** True when GitLab shows the pipeline canceled or canceling after this run asked. */
  readonly canceled: boolean;
  /**
   * False when the run stopped (cancelled, timed out) and a later try could still cancel the
   * pipeline: the cancel was wanted but did not go through.
   */
  readonly settled: boolean;
  readonly elapsedMs: number;
  /** What the watchers found, in the order they found it, for the host to render. */
  readonly findings: readonly Finding[];
}

/**
 * The one use case both hosts call: start the pipeline, link it at once, and — when asked —
 * follow it with the watchers the host chose, cancel it when the run is cancelled or times
 * out, and hand back what happened and what the watchers found.
 */
export async function runPipeline(
  source: PipelineSource,
  watchers: readonly Watcher[],
  options: RunOptions,
): Promise<RunResult> {
  options.logger.info(source.describe());
  const created = await source.start({ signal: options.signal });
  options.logger.info(`Pipeline #${created.id} created (${created.status}): ${created.web_url}`);
  options.onStarted?.(created);
  if (options.wait && options.follow) return waitFor(created, watchers, options, options.follow);
  if (options.signal?.aborted && options.follow)
    return cancelledWhileStarting(created, options, options.follow);
  return {
    outcome: 'started',
    created,
    pipeline: created,
    message: `Pipeline #${created.id} created: ${created.web_url}`,
    canceled: false,
    settled: true,
    elapsedMs: 0,
    findings: [],
  };
}

async function waitFor(
  created: Pipeline,
  watchers: readonly Watcher[],
  options: RunOptions,
  follow: FollowSettings,
): Promise<RunResult> {
  const { clock, logger } = options;
  const { api, settings, names } = follow;
  const start = clock.now();
  const stops = { signal: options.signal, deadline: start + settings.timeoutMs };
  const findings: Finding[] = [];
  const ctx: WatchContext & { stops: typeof stops } = {
    ...{ api, settings, names, logger, clock, redactor: options.redactor, stops },
    report: (finding) => findings.push(finding),
  };
  logger.info(
    `Waiting for pipeline #${created.id} to finish (at most ${formatDuration(settings.timeoutMs)}): ${created.web_url}`,
  );
  const schedule = new Schedule(
    { capMs: settings.maxPollIntervalMs, random: follow.random, expectedMs: follow.expectedMs },
    logger,
  );
  schedule.learn(api, created, stops);
  const followed = await followPipeline({
    api,
    pipeline: created,
    start,
    schedule,
    jobs: new JobsReader(api, logger, stops),
    outages: new OutageTracker(clock, logger, names.apiToken),
    watchers,
    ctx,
  });
  const end = await conclude(followed, follow, options, clock.now() - start);
  options.onWaitEnded?.({ outcome: end.waitEnd.outcome, settled: end.result.settled });
  // The watchers' final reads (reports, downloads) gets time of its own past the wait's deadline.
  const last = {
    ...ctx,
    stops: { ...stops, deadline: Math.max(stops.deadline, clock.now() + END_PHASE_MS) },
  };
  for (const watcher of watchers) {
    try {
      await watcher.end?.(end.waitEnd, last);
    } catch (error) {
      watcherFailed(watcher, error, last);
    }
  }
  return { ...end.result, created, findings };
}

/** Turns how the loop ended into an outcome and a message, cancelling the pipeline on a stop. */
async function conclude(
  followed: FollowEnd,
  follow: FollowSettings,
  options: RunOptions,
  elapsedMs: number,
): Promise<{ waitEnd: WaitEnd; result: Omit<RunResult, 'created' | 'findings'> }> {
  const { settings } = follow;
  let pipeline = followed.pipeline;
  let outcome: WaitOutcome;
  let message: string;
  let canceled = false;
  let settled = true;
  if (followed.reason === 'finished') {
    const passed = (settings.passStatuses as readonly string[]).includes(pipeline.status);
    outcome = passed ? 'passed' : 'failed';
    message = finishedMessage(pipeline, passed, follow.names.passStatuses, elapsedMs);
  } else if (followed.reason === 'verdict' && followed.verdict) {
    ({ outcome, message } = followed.verdict);
  } else {
    outcome = followed.reason === 'aborted' ? 'aborted' : 'timed-out';
    const why =
      outcome === 'aborted'
        ? (options.interrupted ?? INTERRUPTED)
        : `The wait reached its timeout of ${formatDuration(settings.timeoutMs)}`;
    const stopped = await stopPipeline(pipeline, follow, options);
    ({ pipeline, canceled, settled } = stopped);
    message = `${why}; pipeline #${pipeline.id} ${stopped.fate}: ${pipeline.web_url}`;
  }
  const waitEnd = { outcome, pipeline, last: followed.last, message, elapsedMs };
  return { waitEnd, result: { outcome, pipeline, message, canceled, settled, elapsedMs } };
}

/** Cancels the pipeline when the settings say so; says what became of it. */
async function stopPipeline(
  pipeline: Pipeline,
  follow: FollowSettings,
  options: RunOptions,
): Promise<{ pipeline: Pipeline; canceled: boolean; settled: boolean; fate: string }> {
  if (!follow.settings.cancelOnAbort) {
    return {
      pipeline,
      canceled: false,
      settled: true,
      fate: `was left running (${follow.names.cancelOnAbort} is false)`,
    };
  }
  const outcome = await cancelPipeline(
    follow.api,
    pipeline,
    options.logger,
    options.clock,
    follow.names.apiToken,
  );
  return { ...outcome, pipeline: { ...pipeline, ...outcome.pipeline } };
}

/** The run was cancelled while the source was starting the pipeline: it should not run. */
async function cancelledWhileStarting(
  created: Pipeline,
  options: RunOptions,
  follow: FollowSettings,
): Promise<RunResult> {
  const stopped = await stopPipeline(created, follow, options);
  return {
    outcome: 'aborted',
    created,
    pipeline: stopped.pipeline,
    message: `${options.interrupted ?? INTERRUPTED} while pipeline #${created.id} was being created; it ${stopped.fate}: ${created.web_url}`,
    canceled: stopped.canceled,
    settled: stopped.settled,
    elapsedMs: 0,
    findings: [],
  };
}
