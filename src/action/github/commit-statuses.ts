/**
 * The one place that talks to GitHub: commit statuses, created and listed through octokit
 * (@actions/github), which honours the runner's proxy variables. @actions/github is loaded on
 * the first call only, so a run that writes no status never pays for loading it. Every failure
 * becomes a GitHubError whose message is one line a person can act on; status codes are read
 * here and nowhere else. Its retries are the core's retry engine with GITHUB_RETRY, and its pauses
 * and request timeouts are the injected clock's.
 */
import type { getOctokit } from '@actions/github';
import type { Clock } from '../../core/clock.js';
import { ApiError, StoppedError, faultOf, isTransient } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { formatDuration } from '../../core/parse/duration.js';
import { retrying, timeoutOn, type RetryPolicy } from '../../core/retry.js';
import { USER_AGENT } from '../../core/version.js';

/** The states GitHub accepts for a commit status. */
export const COMMIT_STATES = ['error', 'failure', 'pending', 'success'] as const;
export type CommitState = (typeof COMMIT_STATES)[number];

/** GitHub refuses a longer description (422). */
export const MAX_DESCRIPTION = 140;

/** A commit status as GitHub returns it; only the fields the action reads are typed. */
export interface CommitStatus {
  readonly id: number;
  readonly state: string;
  readonly context: string;
  readonly description: string | null;
  readonly target_url: string | null;
  readonly created_at: string;
  readonly updated_at?: string;
}

export interface NewStatus {
  readonly state: CommitState;
  readonly context: string;
  /** Cut to MAX_DESCRIPTION characters when longer. */
  readonly description?: string;
  readonly targetUrl?: string;
}

export interface CallOptions {
  /** Ends the call at once (the run was cancelled). */
  readonly signal?: AbortSignal;
  /** This call's own bounds, when tighter than the client's (a cancelled run's final status write). */
  readonly timeoutMs?: number;
  readonly attempts?: number;
}

export interface StatusesClient {
  /** `owner/repo`. */
  readonly repository: string;
  /** `POST /repos/{owner}/{repo}/statuses/{sha}`. */
  create(sha: string, status: NewStatus, options?: CallOptions): Promise<CommitStatus>;
  /**
   * `GET /repos/{owner}/{repo}/commits/{ref}/statuses`, newest first, page by page; stops at
   * the first status `match` accepts (returned), or after `maxPages` pages (undefined).
   */
  find(
    ref: string,
    match: (status: CommitStatus) => boolean,
    options?: CallOptions & { readonly maxPages?: number },
  ): Promise<CommitStatus | undefined>;
}

export interface StatusesSettings {
  /** The token (github_token). Secret: the caller masks it. */
  readonly token: string;
  /** GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  readonly apiUrl: string;
  /** `owner/repo` (GITHUB_REPOSITORY). */
  readonly repository: string;
  /** Every pause between attempts and every request's timeout is this clock's. */
  readonly clock: Clock;
  /** Where a retry is told, at debug level: the caller decides what is worth a warning. */
  readonly logger: Logger;
  /** How long one request may take (default 10s). */
  readonly requestTimeoutMs?: number;
  /** How a request that met a passing fault is tried again (default GITHUB_RETRY). */
  readonly retry?: RetryPolicy;
  /** A fetch for octokit instead of its proxy-aware one (tests: the one nock patches). */
  readonly fetch?: typeof fetch;
  /** How the host names the token setting, for messages (default github_token). */
  readonly tokenSetting?: string;
}

/**
 * GitHub answered no, or did not answer; asked as GitLab's errors are, through isDenied and
 * isTransient (a 403 that is a rate limit is transient, not denied).
 */
export class GitHubError extends ApiError {
  override readonly name = 'GitHubError';
}

/**
 * GitHub's requests: three attempts, one and then three seconds apart. A commit status is not
 * worth a longer wait, and GitHub's Retry-After is not read.
 */
export const GITHUB_RETRY: RetryPolicy = {
  attempts: 3,
  backoffMs: [1_000, 3_000],
  maxRetryAfterMs: 60_000,
  retryAfter: 'instead',
};

/** The permission a workflow gives its token to write commit statuses, as action.yml shows it. */
export const STATUSES_PERMISSION = '`permissions: statuses: write`';

type Octokit = ReturnType<typeof getOctokit>;

/** A statuses client for one repository; nothing is loaded or sent until the first call. */
export function githubStatuses(settings: StatusesSettings): StatusesClient {
  const [owner = '', repo = ''] = settings.repository.split('/');
  if (!owner || !repo)
    throw new Error(
      `GITHUB_REPOSITORY is '${settings.repository}', not owner/repo: commit statuses cannot be written.`,
    );
  let loading: Promise<Octokit> | undefined;
  const octokit = (): Promise<Octokit> =>
    (loading ??= import('@actions/github').then(({ getOctokit }) =>
      getOctokit(settings.token, {
        baseUrl: settings.apiUrl.replace(/\/+$/, ''),
        userAgent: USER_AGENT,
        // Omitted unless given: `request` replaces @actions/github's proxy-aware fetch whole.
        ...(settings.fetch ? { request: { fetch: settings.fetch } } : {}),
      }),
    ));
  const call = <T>(
    what: string,
    options: CallOptions,
    reading: boolean,
    send: (o: Octokit, signal: AbortSignal) => Promise<T>,
  ) =>
    withRetries(settings, what, options, reading, async (signal) => {
      let client: Octokit;
      try {
        client = await octokit();
      } catch (error) {
        loading = undefined;
        throw new GitHubError(
          `The GitHub client could not be loaded: ${(error as Error).message}`,
          undefined,
          'final',
        );
      }
      return send(client, signal);
    });
  return {
    repository: settings.repository,
    async create(sha, status, options = {}) {
      const what = `write the commit status '${status.context}' on ${sha.slice(0, 12)} of ${settings.repository}`;
      const response = await call(what, options, false, (o, signal) =>
        o.rest.repos.createCommitStatus({
          owner,
          repo,
          sha,
          state: status.state,
          context: status.context,
          description: status.description ? fitDescription(status.description) : undefined,
          target_url: status.targetUrl,
          request: { signal: joined(signal, options.signal) },
        }),
      );
      return response.data as CommitStatus;
    },
    async find(ref, match, options = {}) {
      const what = `list the commit statuses of ${ref.slice(0, 12)} in ${settings.repository}`;
      for (let page = 1; page <= (options.maxPages ?? 10); page++) {
        const response = await call(what, options, true, (o, signal) =>
          o.rest.repos.listCommitStatusesForRef({
            owner,
            repo,
            ref,
            per_page: 100,
            page,
            request: { signal: joined(signal, options.signal) },
          }),
        );
        const statuses = response.data as CommitStatus[];
        const found = statuses.find(match);
        if (found) return found;
        if (statuses.length === 0 || !/rel="next"/.test(response.headers.link ?? '')) break;
      }
      return undefined;
    },
  };
}

/** The description GitHub accepts: at most 140 characters, cut with an ellipsis. */
export function fitDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(oneLine);
  if (chars.length <= MAX_DESCRIPTION && oneLine.length <= MAX_DESCRIPTION) return oneLine;
  let cut = chars.slice(0, MAX_DESCRIPTION - 1).join('');
  // A character outside the BMP counts twice in UTF-16; keep well inside either count.
  while (cut.length > MAX_DESCRIPTION - 1) cut = Array.from(cut).slice(0, -1).join('');
  return `${cut}…`;
}

function joined(own: AbortSignal, caller: AbortSignal | undefined): AbortSignal {
  return caller ? AbortSignal.any([own, caller]) : own;
}

/**
 * Runs one call through the retry engine: again after a passing fault, each attempt bounded by
 * the request timeout, at once thrown when the fault is not passing or the run is cancelled.
 */
async function withRetries<T>(
  settings: StatusesSettings,
  what: string,
  options: CallOptions,
  reading: boolean,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const caller = options.signal;
  const policy = settings.retry ?? GITHUB_RETRY;
  const timeoutMs = options.timeoutMs ?? settings.requestTimeoutMs ?? 10_000;
  const cancelled = `Could not ${what}: the run was cancelled.`;
  const { logger } = settings;
  try {
    return await retrying<T>(
      async () => {
        const timeout = timeoutOn(settings.clock, timeoutMs);
        try {
          return { done: await attempt(timeout.signal) };
        } catch (error) {
          const failure =
            error instanceof GitHubError
              ? error
              : describeFailure(error, what, settings, {
                  timedOutAfterMs:
                    timeout.signal.aborted && !caller?.aborted ? timeoutMs : undefined,
                  cancelled: caller?.aborted,
                  reading,
                });
          if (!isTransient(failure) || caller?.aborted) throw failure;
          return { why: failure.message.replace(/\.$/, ''), giveUp: () => failure };
        } finally {
          timeout.dispose();
        }
      },
      {
        policy: options.attempts === undefined ? policy : { ...policy, attempts: options.attempts },
        clock: settings.clock,
        // A commit status is beside the point of a run: its retries are told at debug level.
        logger: {
          info: (line) => logger.info(line),
          warning: (line) => logger.debug(line),
          debug: (line) => logger.debug(line),
        },
        stops: { signal: caller },
        cancelledBetween: cancelled,
      },
    );
  } catch (error) {
    // A cancel before an attempt is told as the cancel of one is.
    if (error instanceof StoppedError) throw new GitHubError(cancelled, undefined, 'final');
    throw error;
  }
}

interface OctokitFailure {
  status?: number;
  name?: string;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

/** GitHub's answer, or its absence, as one line that says what to do. */
export function describeFailure(
  error: unknown,
  what: string,
  settings: Pick<StatusesSettings, 'apiUrl' | 'tokenSetting'>,
  how: {
    readonly timedOutAfterMs?: number;
    readonly cancelled?: boolean;
    /** A read: it needs `statuses: read`, which even a fork's token has. */
    readonly reading?: boolean;
  } = {},
): GitHubError {
  const e = (error ?? {}) as OctokitFailure;
  const token = settings.tokenSetting ?? 'github_token';
  const { timedOutAfterMs } = how;
  if (how.cancelled)
    return new GitHubError(`Could not ${what}: the run was cancelled.`, undefined, 'final');
  if (timedOutAfterMs !== undefined)
    return new GitHubError(
      `GitHub did not answer within ${formatDuration(timedOutAfterMs)} when asked to ${what}.`,
      undefined,
      'transient',
    );
  if (e.name === 'AbortError' || !e.response) {
    const why = e.name === 'AbortError' ? 'the run was cancelled' : (e.message ?? String(error));
    return new GitHubError(
      `Could not ${what}: ${why} (GitHub API at ${settings.apiUrl}).`,
      undefined,
      e.name === 'AbortError' ? 'final' : 'transient',
    );
  }
  const status = e.status ?? 0;
  const githubMessage = gitHubSays(e.response.data);
  const answered = `GitHub answered ${status}${githubMessage ? ` (${githubMessage})` : ''} when asked to ${what}`;
  const headers = e.response.headers ?? {};
  const rateLimited = status === 429 || (status === 403 && isRateLimit(headers, githubMessage));
  const fault = faultOf(status, rateLimited);
  if (rateLimited)
    return new GitHubError(`${answered}: its API rate limit was reached.`, status, fault);
  if (status === 401)
    return new GitHubError(
      `${answered}: ${token} was not accepted; it may have expired.`,
      status,
      fault,
    );
  if (status === 403 || status === 404)
    return new GitHubError(
      how.reading
        ? `${answered}: ${token} needs \`permissions: statuses: read\` (or write).`
        : `${answered}: ${token} needs ${STATUSES_PERMISSION} (a pull request from a fork only gets a read-only token).`,
      status,
      fault,
    );
  return new GitHubError(`${answered}.`, status, fault);
}

function isRateLimit(headers: Record<string, string | undefined>, githubMessage: string): boolean {
  return headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(githubMessage);
}

/** GitHub's words: its `message`, and each validation error's own message. */
function gitHubSays(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 200).replace(/\s+/g, ' ').trim();
  if (typeof data !== 'object' || data === null) return '';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors
        .map((d) => (typeof d === 'string' ? d : (d as { message?: unknown })?.message))
        .filter((m): m is string => typeof m === 'string')
    : [];
  const base = typeof message === 'string' ? message : '';
  return details.length ? `${base}: ${details.join('; ')}` : base;
}
