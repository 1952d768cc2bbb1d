import { GitLabError } from './errors.js';
import type { Pipeline } from './pipeline.js';

/**
 * The checks a job or a trigger job from GitLab passes before anything uses it. Its id goes
 * into request paths and folder names, its name into folder names and messages: a GitLab (or
 * a proxy, or a cache) that sends `"id": "/../../x"` or a name of a megabyte would otherwise
 * send requests to other paths of the host and unpack archives outside their folder. A list
 * holding one such entity is refused whole, as trouble: never taken as a path.
 */

/** A job as `GET /pipelines/:id/jobs` lists it; only the fields the tool reads are typed. */
export interface Job {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: string;
  readonly duration?: number | null;
  readonly web_url: string;
  readonly allow_failure?: boolean;
  readonly failure_reason?: string;
}

/** A trigger job (`/bridges`) and the pipeline it started, when it started one. */
export interface Bridge {
  readonly id: number;
  readonly name: string;
  readonly stage: string;
  readonly status: string;
  readonly web_url?: string;
  /** A manual trigger job with `allow_failure: false` blocks its pipeline, as a job does. */
  readonly allow_failure?: boolean;
  /** Why it failed (`downstream_pipeline_creation_failed`, …), when it did. */
  readonly failure_reason?: string;
  readonly downstream_pipeline: (Pipeline & { project_id: number }) | null;
}

/**
 * GitLab keeps job names to 255 characters: `Ci::BuildNeed::MAX_JOB_NAME_LENGTH = 255`
 * (app/models/ci/build_need.rb), which the pipeline's YAML processor checks again for a
 * parallel job's expanded name ("name is too long (maximum is 255 characters)").
 */
export const MAX_NAME_LENGTH = 255;
/** Statuses, stages and failure reasons are short words; anything longer is not GitLab's. */
const MAX_WORD_LENGTH = 255;

/** True for an id GitLab gives: a positive integer that fits a path without surprise. */
export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** What is wrong with one job, or undefined when it may be used. */
export function jobProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'an entry that is not an object';
  const job = value as Record<string, unknown>;
  if (!isId(job.id)) return `a job whose id is not a positive integer (${shown(job.id)})`;
  if (typeof job.name !== 'string' || job.name === '' || job.name.length > MAX_NAME_LENGTH)
    return `job ${job.id}, whose name is not text of 1 to ${MAX_NAME_LENGTH} characters`;
  for (const field of ['status', 'stage'] as const) {
    const text = job[field];
    if (typeof text !== 'string' || text.length > MAX_WORD_LENGTH)
      return `job ${job.id}, whose ${field} is not a short text (${shown(text)})`;
  }
  if (job.web_url !== undefined && job.web_url !== null && typeof job.web_url !== 'string')
    return `job ${job.id}, whose web_url is not text`;
  return undefined;
}

/** What is wrong with one trigger job and the pipeline it started, or undefined. */
export function bridgeProblem(value: unknown): string | undefined {
  const problem = jobProblem(value);
  if (problem) return problem.replace(/\bjob\b/, 'trigger job');
  const down = (value as Record<string, unknown>).downstream_pipeline;
  if (down === null || down === undefined) return undefined;
  const pipeline = down as Record<string, unknown>;
  if (typeof down !== 'object' || !isId(pipeline.id) || !isId(pipeline.project_id))
    return `trigger job ${(value as Job).id}, whose downstream pipeline's id or project id is not a positive integer`;
  if (typeof pipeline.status !== 'string' || pipeline.status.length > MAX_WORD_LENGTH)
    return `trigger job ${(value as Job).id}, whose downstream pipeline has no short status`;
  return undefined;
}

/** The list as jobs, when every entry is one; else a GitLabError naming the first that is not. */
export function checkedJobs(items: readonly unknown[], what: string): Job[] {
  return checked<Job>(items, jobProblem, what);
}

export function checkedBridges(items: readonly unknown[], what: string): Bridge[] {
  return checked<Bridge>(items, bridgeProblem, what);
}

function checked<T>(
  items: readonly unknown[],
  problemOf: (value: unknown) => string | undefined,
  what: string,
): T[] {
  for (const item of items) {
    const problem = problemOf(item);
    if (problem)
      throw new GitLabError(
        `GitLab's answer to the request to ${what} held ${problem}; the answer was not used.`,
        200,
        { call: what },
      );
  }
  return items as T[];
}

/** A value from GitLab as a short quote for a message: never long, never a control character. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
