import type { Clock } from './clock.js';
import { StoppedError } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './parse/duration.js';

/**
 * How a failed request is tried again, as data: every retry of GitLab's requests, of the
 * follow loop's reads and of GitHub's requests is one of these, run by Backoff.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; Infinity when only `forMs` ends them. */
  readonly attempts: number;
  /** Pauses between attempts when the server names none; the last is repeated. */
  readonly backoffMs: readonly number[];
  /** The longest `Retry-After` that is waited out. */
  readonly maxRetryAfterMs: number;
  /**
   * What a `Retry-After` does. `instead`: it is waited instead of the backoff, and one longer
   * than maxRetryAfterMs ends the attempts at once (a request a person can run again later).
   * `at least`: the longer of it, cut to maxRetryAfterMs, and the backoff is waited (a wait
   * that goes on, and asks no sooner than its backoff allows).
   */
  readonly retryAfter: 'instead' | 'at least';
  /** How long a run of failures is ridden out, from its first; no limit when absent. */
  readonly forMs?: number;
}

/** GitLab's requests: five attempts, one, two, four and eight seconds apart. */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  backoffMs: [1_000, 2_000, 4_000, 8_000],
  maxRetryAfterMs: 60_000,
  retryAfter: 'instead',
};

/**
 * One run of failures under a policy: the pause after each, until the policy gives up. A
 * success ends the run (`reset`), and the next failure starts a new one from the first pause.
 */
export class Backoff {
  private failed = 0;
  private since: number | undefined;

  constructor(
    readonly policy: RetryPolicy,
    private readonly clock: Clock,
  ) {}

  /** The failures in this run: none since the start or the last success. */
  get failures(): number {
    return this.failed;
  }

  /** How long this run of failures has lasted, from its first. */
  lasted(): number {
    return this.since === undefined ? 0 : this.clock.now() - this.since;
  }

  /**
   * One more failure, with the wait the server asked for if it did: the pause before the next
   * attempt, or undefined when the policy gives up (its attempts are used, the failures have
   * lasted `forMs`, or the server asks longer than it waits).
   */
  next(askedMs?: number): number | undefined {
    const policy = this.policy;
    this.failed++;
    this.since ??= this.clock.now();
    if (this.failed >= policy.attempts) return undefined;
    if (this.lasted() >= (policy.forMs ?? Infinity)) return undefined;
    const last = policy.backoffMs.length - 1;
    const backoff = policy.backoffMs[Math.min(this.failed - 1, last)] ?? 1_000;
    if (askedMs === undefined) return backoff;
    if (policy.retryAfter === 'instead')
      return askedMs > policy.maxRetryAfterMs ? undefined : askedMs;
    return Math.max(backoff, Math.min(askedMs, policy.maxRetryAfterMs));
  }

  /** A success: the failures so far are over. */
  reset(): void {
    this.failed = 0;
    this.since = undefined;
  }
}

/** What ends every request and pause at once: the run's cancel, and the wait's deadline. */
export interface StopConditions {
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
  readonly stops?: StopConditions;
  /** How long to hold back before any attempt (GitLab's rate limit had run out). */
  readonly holdMs?: () => number;
  /** The message when the run is cancelled between attempts. */
  readonly cancelledBetween?: string;
}

/**
 * The retry loop of a request, its pauses the policy's (Backoff). Every pause takes the abort
 * signal and ends at the deadline; a pause that would pass the deadline, or that the policy
 * refuses, is not begun, and the last failure is thrown instead, so a cancelled or timed-out
 * run stops at once.
 */
export async function retrying<T>(
  attempt: (n: number) => Promise<AttemptOutcome<T>>,
  options: RetryOptions,
): Promise<T> {
  const { policy, clock, stops } = options;
  const backoff = new Backoff(policy, clock);
  for (let n = 1; ; n++) {
    throwIfStopped(clock, stops, options.cancelledBetween);
    await holdForRateLimit(options);
    const outcome = await attempt(n);
    if ('done' in outcome) return outcome.done;
    const ms = backoff.next(outcome.afterMs);
    if (ms === undefined || (stops?.deadline !== undefined && clock.now() + ms > stops.deadline))
      throw outcome.giveUp(n);
    const of = Number.isFinite(policy.attempts) ? ` of ${policy.attempts}` : '';
    options.logger.warning(
      `${outcome.why}; trying again in ${formatDuration(ms)} (attempt ${n + 1}${of}).`,
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
  if (options.clock.now() + hold > (deadline ?? Infinity)) return;
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
  stops: StopConditions | undefined,
  cancelledMessage = 'The run was cancelled',
): Promise<void> {
  throwIfStopped(clock, stops, cancelledMessage);
  const left = stops?.deadline === undefined ? ms : Math.min(ms, stops.deadline - clock.now());
  await clock.sleep(Math.max(0, left), stops?.signal);
  throwIfStopped(clock, stops, cancelledMessage);
}

export function throwIfStopped(
  clock: Clock,
  stops: StopConditions | undefined,
  cancelledMessage = 'The run was cancelled',
): void {
  if (stops?.signal?.aborted) throw new StoppedError(cancelledMessage, 'aborted', false);
  if (stops?.deadline !== undefined && clock.now() >= stops.deadline)
    throw new StoppedError('The time allowed ran out', 'deadline', false);
}

/** How long is left before the deadline, for a request's own timeout. */
export function timeLeft(clock: Clock, stops: StopConditions | undefined): number | undefined {
  return stops?.deadline === undefined ? undefined : Math.max(1, stops.deadline - clock.now());
}

/** How long a trigger already on its way may still take to be answered after a cancel. */
export const TRIGGER_GRACE_MS = 3_000;

/**
 * A signal the clock aborts `ms` from now: a request's own timeout, which a test's clock
 * controls as it does every pause. `dispose` ends the watch once the request is over.
 */
export function timeoutOn(
  clock: Clock,
  ms: number,
): { readonly signal: AbortSignal; dispose(): void } {
  const timeout = new AbortController();
  const over = new AbortController();
  void clock.sleep(ms, over.signal).then(() => {
    if (!over.signal.aborted) timeout.abort();
  });
  return { signal: timeout.signal, dispose: () => over.abort() };
}

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
  let timeout: { dispose(): void } | undefined;
  const start = (): void => {
    const started = timeoutOn(clock, ms);
    started.signal.addEventListener('abort', () => later.abort());
    timeout = started;
  };
  if (signal.aborted) start();
  else signal.addEventListener('abort', start, { once: true });
  return {
    signal: later.signal,
    dispose: () => {
      timeout?.dispose();
      signal.removeEventListener('abort', start);
    },
  };
}
