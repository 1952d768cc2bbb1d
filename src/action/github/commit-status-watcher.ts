/**
 * The pipeline as a GitHub commit status on the commit the workflow is about: `pending` with
 * the pipeline's link as soon as it exists, a new description at each change of status, and
 * the final state when the wait ends. Writing the status never decides the step: a failure is
 * a warning, and a refusal (no `statuses: write`, a fork's read-only token) is one warning
 * after which no more is written.
 *
 * How the wait's end maps to the final state (`failure`: the pipeline's own answer is no;
 * `error`: something stopped it before it gave one):
 *
 * | the wait ended                                                        | state   |
 * | --------------------------------------------------------------------- | ------- |
 * | passed: success, a status pass_statuses lists, or on_manual is pass   | success |
 * | failed: the pipeline failed                                           | failure |
 * | failed: the pipeline was skipped (its rules ran nothing)              | failure |
 * | failed: the pipeline was canceled (on GitLab, by someone or something)| error   |
 * | manual: blocked on a manual job with on_manual fail, or playing failed| failure |
 * | timed-out: the wait reached its timeout                               | error   |
 * | aborted: the GitHub run was cancelled                                 | error   |
 */
import { isDenied } from '../../core/errors.js';
import type { JobTally } from '../../core/follow/job-tally.js';
import type { Job } from '../../core/pipelines-api.js';
import type { Logger } from '../../core/logger.js';
import { formatDuration } from '../../core/parse/duration.js';
import type { Pipeline } from '../../core/pipeline.js';
import type { Redactor } from '../../core/redact.js';
import { jobProgress } from '../../core/follow/watchers/progress-line.js';
import type { WaitEnd, WatchContext, Watcher } from '../../core/follow/watcher.js';
import { isFinished } from '../../core/pipeline-statuses.js';
import type { WaitSettingNames } from '../../core/wait-settings.js';
import { markedLink } from './rerun.js';
import { type CommitState, type NewStatus, type StatusesClient } from './commit-statuses.js';

/** Updates before the final state are capped: GitHub keeps at most 1,000 per commit and context. */
export const MAX_UPDATES = 50;

/** A cancelled run has seconds before the runner kills it: its final status write is one short try. */
export const CANCELLED_RUN_TIMEOUT_MS = 3_000;

/** The context when the workflow names none: one per project, so a matrix over projects gets one check each. */
export function defaultStatusContext(project: { readonly display: string }): string {
  return `gitlab/${project.display}`;
}

export interface CommitStatusOptions {
  /** The commit the status goes on (see event.ts: the pull request's head for pull requests). */
  readonly sha: string;
  /** The status's name on GitHub: `gitlab/<project path>` unless the workflow names it. */
  readonly context: string;
  /** GITHUB_RUN_ID: marks the link, so that a re-run of this run finds its pipeline. */
  readonly runId?: string;
  readonly logger: Logger;
  /** Keeps secrets out of the descriptions; the run's redactor is used when absent. */
  readonly redactor?: Redactor;
  /** The run's cancel: updates stop with it (the final state is still written). */
  readonly signal?: AbortSignal;
}

export interface CommitStatusWatcher extends Watcher {
  /** Writes `pending` with the pipeline's link; call it as soon as the pipeline exists. */
  onStarted(pipeline: Pipeline): Promise<void>;
  /** Resolves once every status asked for so far has been written or given up on. */
  settled(): Promise<void>;
  /**
   * Writes the final state once the step's verdict is known: what the wait ended in, turned
   * to `failure` when something after it failed the step (a missing outputs file).
   */
  finish(failure?: string): Promise<void>;
  /** Writes `error` when the wait itself failed (the pipeline could not be read). */
  abandon(message: string): Promise<void>;
}

/** A watcher that keeps the commit status of `options.sha` in step with the pipeline. */
export function commitStatusWatcher(
  client: StatusesClient,
  options: CommitStatusOptions,
): CommitStatusWatcher {
  const { context } = options;
  const writer = statusWriter(client, options);
  let ended: { end: WaitEnd; names: WatchContext['names'] } | undefined;
  return {
    name: 'commit status',
    onStarted: (pipeline) =>
      writer.enqueue({
        state: 'pending',
        context,
        targetUrl: markedLink(pipeline.web_url, options.runId),
        description: `Pipeline #${pipeline.id}: ${pipeline.status}`,
      }),
    async see(snapshot, ctx) {
      writer.redactor ??= ctx.redactor;
      const { pipeline } = snapshot;
      // A finished pipeline gets its final state from finish(), not a last `pending`.
      if (!snapshot.statusChanged || isFinished(pipeline.status)) return undefined;
      const jobs = await snapshot.jobs();
      // Not awaited: GitHub's pace must not hold up the wait; finish() waits for it.
      void writer.enqueue({
        state: 'pending',
        context,
        targetUrl: markedLink(pipeline.web_url, options.runId),
        description: progressDescription(pipeline, jobs),
      });
      return undefined;
    },
    end(end, ctx: WatchContext) {
      writer.redactor ??= ctx.redactor;
      ended = { end, names: ctx.names };
    },
    async finish(failure) {
      if (!ended) return writer.settled();
      const final = {
        ...finalStatus(ended.end, context, ended.names),
        targetUrl: markedLink(ended.end.pipeline.web_url, options.runId),
      };
      const failed =
        failure && final.state === 'success'
          ? { ...final, state: 'failure' as const, description: failure }
          : final;
      return writer.enqueue(failed, true, ended.end.outcome === 'aborted');
    },
    abandon: (message) => writer.enqueue({ state: 'error', context, description: message }, true),
    settled: () => writer.settled(),
  };
}

/**
 * Writes statuses one after another: at most MAX_UPDATES progress updates (the final state
 * always), the same status never twice, a refusal said once and nothing written after it.
 */
function statusWriter(client: StatusesClient, options: CommitStatusOptions) {
  const { sha, context, logger } = options;
  let chain = Promise.resolve();
  let refused = false;
  let warned = false;
  let lastKey = '';
  let updates = 0;
  const self = {
    redactor: options.redactor,
    settled: () => chain,
    enqueue: (status: NewStatus, final = false, aborted = false): Promise<void> =>
      (chain = chain.then(() => write(status, final, aborted))),
  };
  const write = async (status: NewStatus, final: boolean, aborted: boolean): Promise<void> => {
    const key = JSON.stringify(status);
    if (refused || key === lastKey || (!final && updates >= MAX_UPDATES)) return;
    const description = self.redactor
      ? self.redactor.redact(status.description ?? '')
      : status.description;
    try {
      await client.create(
        sha,
        { ...status, description },
        aborted
          ? { timeoutMs: CANCELLED_RUN_TIMEOUT_MS, attempts: 1 }
          : { signal: final ? undefined : options.signal },
      );
      lastKey = key;
      updates++;
      logger.debug(`Commit status '${context}' on ${sha.slice(0, 12)}: ${status.state}.`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      if (isDenied(error)) {
        refused = true;
        logger.warning(`The commit status '${context}' is not written: ${why} The wait goes on.`);
      } else if (final) {
        logger.warning(
          `The commit status '${context}' was not set to ${status.state} and may still show ${lastState(lastKey)}: ${why}`,
        );
      } else if (!warned) {
        warned = true;
        logger.warning(
          `The commit status '${context}' was not updated: ${why} The wait goes on, and later changes are written again.`,
        );
      } else logger.debug(`The commit status '${context}' was not updated: ${why}`);
    }
  };
  return self;
}

function lastState(key: string): string {
  try {
    return (JSON.parse(key) as NewStatus).state;
  } catch {
    return 'nothing (it was never written)';
  }
}

/** `Pipeline #7: running, 2/4 jobs done, 1 failed`, from a tally of the jobs (or the jobs). */
export function progressDescription(
  pipeline: Pipeline,
  jobs: JobTally | readonly Job[] | undefined,
): string {
  const any = jobs && ('total' in jobs ? jobs.total : jobs.length) > 0;
  const progress = jobs && any ? `, ${jobProgress(jobs)}` : '';
  const manual = pipeline.status === 'manual' ? ', waiting for a manual job to be run' : '';
  return `Pipeline #${pipeline.id}: ${pipeline.status}${progress}${manual}`;
}

/** The final state and its description, by the table at the top of this file. */
export function finalStatus(
  end: WaitEnd,
  context: string,
  names: Pick<WaitSettingNames, 'passStatuses' | 'onManual'>,
): NewStatus {
  const { pipeline } = end;
  const id = `Pipeline #${pipeline.id}`;
  const tally = end.last?.tallyIfRead;
  const progress = tally?.total ? `, ${jobProgress(tally)}` : '';
  const after = ` after ${formatDuration(end.elapsedMs)}`;
  const status = (state: CommitState, description: string): NewStatus => ({
    state,
    context,
    targetUrl: pipeline.web_url,
    description,
  });
  switch (end.outcome) {
    case 'passed': {
      const why =
        pipeline.status === 'success'
          ? ''
          : pipeline.status === 'manual'
            ? `, a manual job left to run (${names.onManual} is pass)`
            : ` (${names.passStatuses} accepts it)`;
      return status('success', `${id}: ${pipeline.status}${why}${progress}${after}`);
    }
    case 'failed':
      return pipeline.status === 'canceled'
        ? status('error', `${id} was canceled${progress}${after}`)
        : status('failure', `${id}: ${pipeline.status}${progress}${after}`);
    case 'manual':
      return status('failure', `${id} is blocked on a manual job${after}`);
    case 'timed-out':
      return status('error', `Timed out${after}; pipeline #${pipeline.id} is ${pipeline.status}`);
    case 'aborted':
      return status(
        'error',
        `The GitHub run was cancelled${after}; pipeline #${pipeline.id} is ${pipeline.status}`,
      );
  }
}
