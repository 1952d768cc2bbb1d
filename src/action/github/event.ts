/**
 * What the workflow run is about, from the runner's environment and the event's JSON: the
 * commit a check belongs on, the branch, the pull request and the run's page.
 *
 * For `pull_request`, `pull_request_review` and `pull_request_review_comment`, GITHUB_SHA is
 * the test merge commit GitHub made, which no pull request page shows; for
 * `pull_request_target` it is the base branch's last commit. The head commit is
 * `pull_request.head.sha` in the event file. For `merge_group` it is `merge_group.head_sha`. Everything else runs on
 * GITHUB_SHA itself.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** The runner's variables this module reads. */
export type GitHubEnv = Readonly<Record<string, string | undefined>>;

/** The largest event file read: a pull request's payload is tens of KiB. */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/** The events about a pull request, whose event file names its head. */
export const PULL_REQUEST_EVENTS: readonly string[] = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];

export interface GitHubRun {
  /** GITHUB_EVENT_NAME, empty when unknown. */
  readonly eventName: string;
  /** `owner/repo` (GITHUB_REPOSITORY), empty when unknown. */
  readonly repository: string;
  /** The commit the run is about: the pull request's or merge group's head, else GITHUB_SHA. */
  readonly sha: string;
  /** Where `sha` came from, for messages: `the pull request's head`, `GITHUB_SHA`. */
  readonly shaSource: string;
  /** The branch: the pull request's head branch, else GITHUB_REF_NAME. */
  readonly refName: string;
  /** The pull request's number, for pull request events only. */
  readonly prNumber?: number;
  /** The run's page on GitHub, with the attempt when it is a re-run. */
  readonly runUrl?: string;
  /** GITHUB_RUN_ATTEMPT: 1 for the first run, more for each re-run. */
  readonly runAttempt: number;
  /** GITHUB_RUN_ID, the same in every attempt of the run; undefined when absent or malformed. */
  readonly runId?: string;
  readonly actor?: string;
  /**
   * For a pull request event: true when its head is in another repository than its base (a
   * fork, or a head repository since deleted), whose code the workflow's owner did not write.
   */
  readonly fromFork?: boolean;
  /** What could not be read, said once by the caller as a warning; the fields fell back. */
  readonly problems: readonly string[];
}

/** Reads a file up to `max` bytes; longer is an error, not a truncated text. */
export type BoundedRead = (path: string, max: number) => string;

/**
 * The run as the environment describes it. A missing, oversized or malformed event file is
 * no failure: the fields it would have given fall back to the environment, and `problems`
 * says what was used instead.
 */
export function readGitHubRun(env: GitHubEnv, read: BoundedRead = readBounded): GitHubRun {
  const eventName = env.GITHUB_EVENT_NAME?.trim() ?? '';
  const problems: string[] = [];
  const pullRequest = PULL_REQUEST_EVENTS.includes(eventName);
  const needsPayload = pullRequest || eventName === 'merge_group';
  const payload = needsPayload ? readPayload(env, read, problems) : undefined;
  const head = headOf(eventName, payload, env);
  if (needsPayload && !head.sha && env.GITHUB_SHA)
    problems.push(
      `The ${eventName} event's head commit is unknown, so GITHUB_SHA ${env.GITHUB_SHA.slice(0, 12)}${pullRequest ? ', the test merge commit no pull request page shows,' : ''} is used instead`,
    );
  const attempt = Number(env.GITHUB_RUN_ATTEMPT);
  const runAttempt = Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
  return {
    eventName,
    repository: env.GITHUB_REPOSITORY?.trim() ?? '',
    sha: head.sha ?? env.GITHUB_SHA?.trim() ?? '',
    shaSource: head.sha ? head.source : 'GITHUB_SHA',
    refName: head.branch ?? env.GITHUB_REF_NAME ?? '',
    prNumber: pullRequest ? prNumberOf(payload, env) : undefined,
    runUrl: runUrlOf(env, runAttempt),
    runAttempt,
    runId: runIdOf(env),
    actor: env.GITHUB_ACTOR?.trim() || undefined,
    fromFork: pullRequest ? fromFork(payload) : undefined,
    problems,
  };
}

type Payload = Record<string, unknown>;

function readPayload(env: GitHubEnv, read: BoundedRead, problems: string[]): Payload | undefined {
  const path = env.GITHUB_EVENT_PATH?.trim();
  if (!path) {
    problems.push('GITHUB_EVENT_PATH is not set, so the event cannot be read');
    return undefined;
  }
  let text: string;
  try {
    text = read(path, MAX_EVENT_BYTES);
  } catch (error) {
    problems.push(`The event file ${path} could not be read: ${(error as Error).message}`);
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Payload;
    problems.push(`The event file ${path} does not hold a JSON object`);
  } catch (error) {
    problems.push(`The event file ${path} is not JSON: ${(error as Error).message}`);
  }
  return undefined;
}

function field(value: unknown, ...path: string[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function headOf(
  eventName: string,
  payload: Payload | undefined,
  env: GitHubEnv,
): { sha?: string; source: string; branch?: string } {
  if (PULL_REQUEST_EVENTS.includes(eventName)) {
    const sha = text(field(payload, 'pull_request', 'head', 'sha'));
    return {
      sha: sha && SHA.test(sha) ? sha : undefined,
      source: "the pull request's head",
      // GITHUB_HEAD_REF is the head branch too, and needs no event file.
      branch: text(field(payload, 'pull_request', 'head', 'ref')) ?? text(env.GITHUB_HEAD_REF),
    };
  }
  if (eventName === 'merge_group') {
    const sha = text(field(payload, 'merge_group', 'head_sha'));
    return { sha: sha && SHA.test(sha) ? sha : undefined, source: "the merge group's head" };
  }
  return { source: 'GITHUB_SHA' };
}

/** Unknown (no event file) counts as a fork: a push of a stranger's code needs a yes. */
function fromFork(payload: Payload | undefined): boolean {
  const head = text(field(payload, 'pull_request', 'head', 'repo', 'full_name'));
  const base = text(field(payload, 'pull_request', 'base', 'repo', 'full_name'));
  return !head || !base || head.toLowerCase() !== base.toLowerCase();
}

function prNumberOf(payload: Payload | undefined, env: GitHubEnv): number | undefined {
  const number = field(payload, 'pull_request', 'number') ?? field(payload, 'number');
  if (typeof number === 'number' && Number.isInteger(number) && number > 0) return number;
  // refs/pull/123/merge: the number without the event file.
  const fromRef = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '');
  return fromRef ? Number(fromRef[1]) : undefined;
}

function runIdOf(env: GitHubEnv): string | undefined {
  const runId = env.GITHUB_RUN_ID?.trim();
  return runId && /^\d+$/.test(runId) ? runId : undefined;
}

function runUrlOf(env: GitHubEnv, attempt: number): string | undefined {
  const server = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY?.trim();
  const runId = runIdOf(env);
  if (!repository || !runId) return undefined;
  const run = `${server}/${repository}/actions/runs/${runId}`;
  return attempt > 1 ? `${run}/attempts/${attempt}` : run;
}

/** Reads at most `max` bytes; a longer file is refused rather than read whole or cut. */
export function readBounded(path: string, max: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(max + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new Error(`it is larger than ${sizeText(max)}`);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function sizeText(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
