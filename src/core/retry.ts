import type { Clock } from './clock.js';
import { StoppedError } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './parse/duration.js';

/** How a request is repeated when GitLab's answer, or its absence, says it may be. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Waits between attempts when GitLab names none (503, a refused connection). */
  readonly backoffMs: readonly number[];
  /** The longest `Retry-After` that is waited out; a longer one fails at once. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  backoffMs: [1_000, 2_000, 4_000, 8_000],
  maxRetryAfterMs: 60_000,
};

/** What ends every request and pause at once: the run's cancel, and the wait's deadline. */
export interface Stops {
  readonly signal?: AbortSignal;
  /** Epoch ms after which nothing more is sent or waited for. */
  readonly deadline?: number;
}

/** What one attempt came to: a result, or a failure that may be tried again. */
export type AttemptOutcome<T> =
  | { readonly done: T }
  | {
      /** Said in the warning before the next attempt: `GitLab answered 503 …`. */
      readonly why: string;
      /** How long GitLab asked to wait, when it said. */
      readonly afterMs?: number;
      /** The error to throw when no attempt follows, given how many were made. */
      readonly giveUp: (attempts: number) => Error;
    };

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stops?: Stops;
  /** How long to hold back before any attempt (GitLab's rate limit had run out). */
  readonly holdMs?: () => number;
  /** The message when the run is cancelled between attempts. */
  readonly cancelledBetween?: string;
}

/**
 * The one retry loop. Every pause takes the abort signal and ends at the deadline; a pause
 * that would pass the deadline or exceed the longest Retry-After is not begun, and the last
 * failure is thrown instead, so a cancelled or timed-out run stops at once.
 */
export async function retrying<T>(
  attempt: (n: number) => Promise<AttemptOutcome<T>>,
  options: RetryOptions,
): Promise<T> {
  const { policy, clock, stops } = options;
  for (let n = 1; ; n++) {
    throwIfStopped(clock, stops, options.cancelledBetween);
    await holdForRateLimit(options);
    const outcome = await attempt(n);
    if ('done' in outcome) return outcome.done;
    const ms =
      outcome.afterMs ?? policy.backoffMs[Math.min(n - 1, policy.backoffMs.length - 1)] ?? 1_000;
    const pastDeadline = stops?.deadline !== undefined && clock.now() + ms > stops.deadline;
    if (n >= policy.attempts || ms > policy.maxRetryAfterMs || pastDeadline)
      throw outcome.giveUp(n);
    options.logger.warning(
      `${outcome.why}; trying again in ${formatDuration(ms)} (attempt ${n + 1} of ${policy.attempts}).`,
    );
    await pause(ms, clock, stops, options.cancelledBetween);
  }
}

/**
 * Holds requests while GitLab's rate limit is used up. A hold that would pass the deadline is
 * not begun: the request goes now and GitLab answers it (a 429 at worst). The last request of a
 * stopped run is its cancel, which must be sent, not held until the budget is gone.
 */
async function holdForRateLimit(options: RetryOptions): Promise<void> {
  const hold = Math.min(options.holdMs?.() ?? 0, options.policy.maxRetryAfterMs);
  if (hold <= 0) return;
  const deadline = options.stops?.deadline;
  if (deadline !== undefined && options.clock.now() + hold > deadline) return;
  options.logger.debug(
    `GitLab's rate limit is used up; holding requests for ${formatDuration(hold)}.`,
  );
  // A cancel during the hold is a cancel between attempts, said in the caller's words.
  await pause(hold, options.clock, options.stops, options.cancelledBetween);
}

/** Sleeps `ms`, bounded by the deadline; throws a StoppedError when the run is cancelled or the deadline passes. */
export async function pause(
  ms: number,
  clock: Clock,
  stops: Stops | undefined,
  cancelledMessage = 'The run was cancelled',
): Promise<void> {
  throwIfStopped(clock, stops, cancelledMessage);
  const left = stops?.deadline === undefined ? ms : Math.min(ms, stops.deadline - clock.now());
  await clock.sleep(Math.max(0, left), stops?.signal);
  throwIfStopped(clock, stops, cancelledMessage);
}

export function throwIfStopped(
  clock: Clock,
  stops: Stops | undefined,
  cancelledMessage = 'The run was cancelled',
): void {
  if (stops?.signal?.aborted) throw new StoppedError(cancelledMessage, 'aborted', false);
  if (stops?.deadline !== undefined && clock.now() >= stops.deadline)
    throw new StoppedError('The time allowed ran out', 'deadline', false);
}

/** How long is left before the deadline, for a request's own timeout. */
export function timeLeft(clock: Clock, stops: Stops | undefined): number | undefined {
  return stops?.deadline === undefined ? undefined : Math.max(1, stops.deadline - clock.now());
}

/** How long a trigger already on its way may still take to be answered after a cancel. */
export const TRIGGER_GRACE_MS = 3_000;

/**
 * A signal that aborts `ms` after `signal` does (at once counts from now): what a request that
 * must not be dropped at a cancel waits under. `dispose` ends the watch once the request is over.
 */
export function abortedLater(
  signal: AbortSignal | undefined,
  ms: number,
  clock: Clock,
): { readonly signal?: AbortSignal; dispose(): void } {
  if (!signal) return { dispose: () => undefined };
  const later = new AbortController();
  const over = new AbortController();
  const start = (): void => {
    void clock.sleep(ms, over.signal).then(() => {
      if (!over.signal.aborted) later.abort();
    });
  };
  if (signal.aborted) start();
  else signal.addEventListener('abort', start, { once: true });
  return {
    signal: later.signal,
    dispose: () => {
      over.abort();
      signal.removeEventListener('abort', start);
    },
  };
}
