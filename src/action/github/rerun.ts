/**
 * What a re-run of the workflow starts (`on_rerun`): by default a new pipeline, as the first
 * attempt did; with `retry`, the pipeline the earlier attempt started, its failed jobs retried.
 * The earlier pipeline is found from the commit status that attempt left for the same context,
 * whose link is the pipeline's page, marked with the run's id in its fragment
 * (`…/-/pipelines/42#github-run-123`): GitLab's page ignores the fragment. Only a status marked
 * with this run's id is taken — one another run, tool or person left on the same commit and
 * context (unmarked, or marked with another run) never is: nothing was released before the
 * mark — and the pipeline it links to must be of this run's project and ref. Whenever that
 * cannot be done, a new pipeline is triggered and the reason is said.
 */
import type { Clock } from '../../core/clock.js';
import { GitLabError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Pipeline } from '../../core/pipeline.js';
import type { PipelineSource } from '../../core/pipeline-source.js';
import type { PipelinesApi } from '../../core/pipelines-api.js';
import { retrySource } from '../../core/retry-source.js';
import type { ProjectRef } from '../../core/settings.js';
import { isFinished } from '../../core/pipeline-statuses.js';
import type { StatusesClient } from './commit-statuses.js';

export const RERUN_MODES = ['new', 'retry'] as const;
export type RerunMode = (typeof RERUN_MODES)[number];

export interface RerunOptions {
  readonly mode: RerunMode;
  /** GITHUB_RUN_ATTEMPT, GITHUB_RUN_ID, and the commit the statuses are on. */
  readonly run: { readonly runAttempt: number; readonly runId?: string; readonly sha: string };
  /** Undefined when no GitHub token was given. */
  readonly statuses: StatusesClient | undefined;
  /** The commit status context the earlier attempt wrote (status_context). */
  readonly context: string;
  readonly api: Pick<PipelinesApi, 'pipeline' | 'retry' | 'hasToken'>;
  readonly project: ProjectRef;
  /** The ref this run triggers on: a pipeline on another ref is not this run's. */
  readonly ref: string;
  /** The instance root: links elsewhere are not this project's pipelines. */
  readonly gitlabUrl: string;
  /** A pipeline that ended in one of these passed: a re-run starts a new one. */
  readonly passStatuses: readonly string[];
  /** The trigger: what starts a new pipeline. */
  readonly trigger: PipelineSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** How the host names the settings, for the reasons. */
  readonly names?: { readonly onRerun?: string; readonly apiToken?: string };
}

export interface RerunDecision {
  readonly source: PipelineSource;
  /** One line for the log saying what is started and why; empty when there is nothing to say. */
  readonly reason: string;
  /** The earlier pipeline, as read, when it is the one retried. */
  readonly retried?: Pipeline;
}

/** Decides what this attempt starts; only a failure to read GitLab is thrown. */
export async function decideRerun(options: RerunOptions): Promise<RerunDecision> {
  const { run, trigger, context } = options;
  const onRerun = options.names?.onRerun ?? 'on_rerun';
  if (options.mode !== 'retry' || run.runAttempt <= 1) return { source: trigger, reason: '' };
  const attempt = `Re-run attempt ${run.runAttempt} with ${onRerun} retry`;
  const fresh = (why: string): RerunDecision => ({
    source: trigger,
    reason: `${attempt}: ${why}; triggering a new pipeline.`,
  });
  if (!options.api.hasToken)
    return fresh(`retrying needs ${options.names?.apiToken ?? 'api_token'} with the api scope`);
  if (!options.statuses) return fresh('no GitHub token to read the commit statuses with');
  let id: number | undefined;
  try {
    const found = await options.statuses.find(
      run.sha,
      (s) =>
        sameContext(s.context, context) &&
        linkedPipeline(s.target_url, options) !== undefined &&
        leftByThisRun(s.target_url, run.runId),
      { signal: options.signal },
    );
    id = found ? linkedPipeline(found.target_url, options) : undefined;
  } catch (error) {
    return fresh(`the commit statuses could not be read: ${(error as Error).message}`);
  }
  if (id === undefined)
    return fresh(
      `no commit status '${context}' that this run left on ${run.sha.slice(0, 12)} links to a pipeline of project '${options.project.display}'`,
    );
  const earlier = await readEarlier(options, id);
  if (!earlier) return fresh(`pipeline #${id}, linked from the commit status, no longer exists`);
  const foreign = notThisRuns(earlier, options);
  if (foreign) return fresh(`pipeline #${id}, linked from the commit status, ${foreign}`);
  if (options.passStatuses.includes(earlier.status))
    return fresh(`pipeline #${id} passed (${earlier.status}): ${earlier.web_url}`);
  const state = isFinished(earlier.status) ? earlier.status : `still ${earlier.status}`;
  return {
    source: retrySource(options.api, {
      pipelineId: id,
      project: options.project,
      gitlabUrl: options.gitlabUrl,
      clock: options.clock,
      logger: options.logger,
      before: earlier,
    }),
    reason: `${attempt}: retrying pipeline #${id} (${state}), found from the commit status '${context}': ${earlier.web_url}`,
    retried: earlier,
  };
}

const RUN_MARK = 'github-run-';

/**
 * The pipeline's link as the commit status carries it: marked with the run it belongs to, so
 * that a re-run finds its own run's pipeline among every status on the commit.
 */
export function markedLink(webUrl: string, runId: string | undefined): string {
  if (!runId || webUrl.includes('#')) return webUrl;
  return `${webUrl}#${RUN_MARK}${runId}`;
}

/**
 * Whether a status's link is this run's: marked with this run's id. An unmarked link was left
 * by another tool or a person, and one marked with another run by that run.
 */
function leftByThisRun(link: string | null | undefined, runId: string | undefined): boolean {
  const fragment = link?.includes('#') ? link.slice(link.indexOf('#') + 1) : '';
  return runId !== undefined && runId !== '' && fragment === `${RUN_MARK}${runId}`;
}

/**
 * Why the pipeline read is not one this run's earlier attempt started, or undefined: it must
 * be of this project (by id, where the project was given by id; a path was matched in the link
 * and the read went through it) and of this ref, on a well-formed commit.
 */
function notThisRuns(earlier: Pipeline, options: RerunOptions): string | undefined {
  const project = options.project.display;
  if (/^\d+$/.test(project) && earlier.project_id !== Number(project))
    return `belongs to project ${earlier.project_id}, not ${project}`;
  const ref = options.ref.replace(/^refs\/(?:heads|tags)\//, '');
  if (earlier.ref !== ref) return `ran on ref '${String(earlier.ref).slice(0, 100)}', not '${ref}'`;
  if (typeof earlier.sha !== 'string' || !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(earlier.sha))
    return 'has no well-formed commit sha';
  return undefined;
}

/** GitHub compares contexts without regard to case. */
function sameContext(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The pipeline read through the project; undefined when GitLab knows no such pipeline there. */
async function readEarlier(options: RerunOptions, id: number): Promise<Pipeline | undefined> {
  try {
    return await options.api.pipeline(id, { stops: { signal: options.signal } });
  } catch (error) {
    // Pipeline ids are looked up within the project: another project's pipeline is a 404 too.
    if (error instanceof GitLabError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * The pipeline id of a link to a pipeline of this project on this instance:
 * `{gitlabUrl}/{project path}/-/pipelines/{id}`. A project given by its numeric id cannot be
 * matched by path; reading the pipeline through the project then rules out another's.
 */
export function linkedPipeline(
  link: string | null | undefined,
  where: { readonly gitlabUrl: string; readonly project: ProjectRef },
): number | undefined {
  if (!link) return undefined;
  let url: URL;
  let root: URL;
  try {
    url = new URL(link);
    root = new URL(where.gitlabUrl);
  } catch {
    return undefined;
  }
  if (url.origin !== root.origin) return undefined;
  const base = root.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(`${base}/`)) return undefined;
  const match = /^\/(.+)\/-\/pipelines\/(\d+)\/?$/.exec(url.pathname.slice(base.length));
  if (!match) return undefined;
  const [, path = '', id = ''] = match;
  const project = where.project.display;
  if (!/^\d+$/.test(project) && safeDecode(path).toLowerCase() !== project.toLowerCase())
    return undefined;
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
