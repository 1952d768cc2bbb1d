import type { Clock } from '../clock.js';
import { GitLabError, NetworkError, StoppedError, isDenied, isTransient } from '../errors.js';
import type { Logger } from '../logger.js';
import { formatDuration } from '../parse/duration.js';
import type { Pipeline } from '../pipeline.js';
import { Backoff, type RetryPolicy } from '../retry.js';

/** How long GitLab may stay unreachable (5xx, HTML pages, resets, timeouts) before the wait gives up. */
export const UNREACHABLE_LIMIT_MS = 5 * 60_000;

/**
 * The follow loop's reads: a pause that doubles from one second to at most thirty, never
 * shorter than GitLab's Retry-After (cut to a minute), for as long as UNREACHABLE_LIMIT_MS.
 */
export const FOLLOW_RETRY: RetryPolicy = {
  attempts: Infinity,
  backoffMs: [1_000, 2_000, 4_000, 8_000, 16_000, 30_000],
  maxRetryAfterMs: 60_000,
  retryAfter: 'at least',
  forMs: UNREACHABLE_LIMIT_MS,
};

/**
 * Rides out transient trouble while following a pipeline: every failed read is either
 * waited out (with a growing pause, or as long as GitLab asked) or ends the wait with an
 * error that says what to do. Only here are the loop's reads repeated.
 */
export class OutageTracker {
  private readonly backoff: Backoff;
  private last = '';
  private everRead = false;

  constructor(
    clock: Clock,
    private readonly logger: Logger,
    /** The host's name of the read-token setting, for the message when access is refused. */
    private readonly apiTokenName: string,
  ) {
    this.backoff = new Backoff(FOLLOW_RETRY, clock);
  }

  /** A read succeeded: trouble, if any, is over. */
  recovered(): void {
    if (this.backoff.failures > 0)
      this.logger.info(`GitLab answers again after ${formatDuration(this.backoff.lasted())}.`);
    this.backoff.reset();
    this.last = '';
    this.everRead = true;
  }

  /** A read failed: how long to pause before the next, or a throw when waiting cannot help. */
  failed(error: unknown, pipeline: Pipeline): number {
    if (error instanceof StoppedError) return 0;
    // No access, a redirect (never followed), or a request GitLab calls wrong (400, 410, 422):
    // waiting longer cannot change any of them.
    if (error instanceof GitLabError && !isTransient(error)) {
      const todo = !isDenied(error)
        ? ''
        : this.everRead
          ? ' The token lost access while waiting.'
          : ` Give '${this.apiTokenName}' a token with read_api on the project, or do not wait.`;
      throw new GitLabError(
        `Pipeline #${pipeline.id} was created (${pipeline.web_url}) but cannot be read to follow it: ${error.message}${todo}`,
        error.status,
        { call: error.call, gitlabMessage: error.gitlabMessage, advice: error.advice },
        { cause: error },
      );
    }
    if (!(error instanceof NetworkError) && !(error instanceof GitLabError)) throw error;
    const pause = this.backoff.next(error instanceof GitLabError ? error.retryAfterMs : undefined);
    if (pause === undefined) {
      throw new GitLabError(
        `GitLab stayed unreachable for ${formatDuration(this.backoff.lasted())} while waiting for pipeline #${pipeline.id}; it may still run: ${pipeline.web_url}. Last trouble: ${error.message}`,
        error instanceof GitLabError ? error.status : 0,
        {},
        { cause: error },
      );
    }
    if (error.message !== this.last)
      this.logger.warning(
        `${error.message} Still waiting: the wait gives up after ${formatDuration(UNREACHABLE_LIMIT_MS)} of such trouble, or at its timeout.`,
      );
    this.last = error.message;
    return pause;
  }
}
