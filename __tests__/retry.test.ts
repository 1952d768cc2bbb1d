import { describe, expect, it } from '@jest/globals';
import type { Clock } from '../src/core/clock.js';
import { StoppedError } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import {
  abortedLater,
  Backoff,
  DEFAULT_RETRY,
  pause,
  retrying,
  throwIfStopped,
  timeLeft,
  timeoutOn,
  type AttemptOutcome,
  type RetryOptions,
} from '../src/core/retry.js';

// The one retry loop, on a clock that moves only when slept on: what is waited, what is said,
// and that a cancel or a deadline stops it at once with the right reason.

const START = 1_000_000;

/** A clock whose sleeps pass at once; `during(ms)` runs inside each sleep (a cancel, say). */
function fakeClock(during?: (ms: number) => void) {
  const clock = {
    t: START,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      clock.slept.push(ms);
      during?.(ms);
      if (!signal?.aborted) clock.t += ms;
    },
  };
  return clock satisfies Clock;
}

function recorder() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => void lines.push(`info: ${m}`),
    warning: (m) => void lines.push(`warning: ${m}`),
    debug: (m) => void lines.push(`debug: ${m}`),
  };
  return { lines, logger };
}

/** An attempt that fails with a 503 `failures` times, then answers `ok`. */
function flaky(failures: number, afterMs?: number) {
  const calls: number[] = [];
  const attempt = async (n: number): Promise<AttemptOutcome<string>> => {
    calls.push(n);
    if (n > failures) return { done: 'ok' };
    return {
      why: 'GitLab answered 503 Service Unavailable',
      afterMs,
      giveUp: (made) => new Error(`gave up after ${made} attempt(s)`),
    };
  };
  return { attempt, calls };
}

function options(clock: Clock, extra: Partial<RetryOptions> = {}): RetryOptions {
  return { policy: DEFAULT_RETRY, clock, logger: recorder().logger, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('retrying', () => {
  it('answers with the first attempt that succeeds, without waiting', async () => {
    const clock = fakeClock();
    const { attempt, calls } = flaky(0);
    await expect(retrying(attempt, options(clock))).resolves.toBe('ok');
    expect(calls).toEqual([1]);
    expect(clock.slept).toEqual([]);
  });

  it('waits 1, 2, 4 and 8 seconds between five attempts, saying so before each', async () => {
    const clock = fakeClock();
    const { lines, logger } = recorder();
    const { attempt, calls } = flaky(4);
    await expect(retrying(attempt, options(clock, { logger }))).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3, 4, 5]);
    expect(clock.slept).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(lines).toEqual([
      'warning: GitLab answered 503 Service Unavailable; trying again in 1s (attempt 2 of 5).',
      'warning: GitLab answered 503 Service Unavailable; trying again in 2s (attempt 3 of 5).',
      'warning: GitLab answered 503 Service Unavailable; trying again in 4s (attempt 4 of 5).',
      'warning: GitLab answered 503 Service Unavailable; trying again in 8s (attempt 5 of 5).',
    ]);
  });

  it('gives up after the last attempt with the error of the last failure, counting them all', async () => {
    const clock = fakeClock();
    const { attempt, calls } = flaky(99);
    const error = await failure(retrying(attempt, options(clock)));
    expect(error.message).toBe('gave up after 5 attempt(s)');
    expect(calls).toEqual([1, 2, 3, 4, 5]);
    expect(clock.slept).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('keeps waiting the last backoff when the policy allows more attempts than it lists', async () => {
    const clock = fakeClock();
    const policy = { ...DEFAULT_RETRY, attempts: 4, backoffMs: [10, 20] };
    await expect(retrying(flaky(3).attempt, options(clock, { policy }))).resolves.toBe('ok');
    expect(clock.slept).toEqual([10, 20, 20]);
  });

  it('waits a second when the policy lists no backoff at all', async () => {
    const clock = fakeClock();
    const policy = { ...DEFAULT_RETRY, attempts: 2, backoffMs: [] };
    await expect(retrying(flaky(1).attempt, options(clock, { policy }))).resolves.toBe('ok');
    expect(clock.slept).toEqual([1_000]);
  });

  it("waits what GitLab's Retry-After asks rather than the backoff", async () => {
    const clock = fakeClock();
    const { lines, logger } = recorder();
    await retrying(flaky(1, 2_500).attempt, options(clock, { logger }));
    expect(clock.slept).toEqual([2_500]);
    expect(lines[0]).toContain('trying again in 2.5s (attempt 2 of 5)');
  });

  it('fails at once, without waiting, when Retry-After asks longer than the longest allowed', async () => {
    const clock = fakeClock();
    const { attempt, calls } = flaky(1, 60_001);
    expect((await failure(retrying(attempt, options(clock)))).message).toBe(
      'gave up after 1 attempt(s)',
    );
    expect(calls).toEqual([1]);
    expect(clock.slept).toEqual([]);
  });

  it('waits a Retry-After of exactly the longest allowed', async () => {
    const clock = fakeClock();
    await expect(retrying(flaky(1, 60_000).attempt, options(clock))).resolves.toBe('ok');
    expect(clock.slept).toEqual([60_000]);
  });

  it('does not begin a wait that would end past the deadline, and gives up at once', async () => {
    const clock = fakeClock();
    const { attempt, calls } = flaky(99);
    const stops = { deadline: START + 2_999 };
    const error = await failure(retrying(attempt, options(clock, { stops })));
    // 1 s, then 2 s would end at 3 s: past the deadline.
    expect(error.message).toBe('gave up after 2 attempt(s)');
    expect(calls).toEqual([1, 2]);
    expect(clock.slept).toEqual([1_000]);
  });

  it('begins a wait that ends exactly at the deadline, then stops for the deadline', async () => {
    const clock = fakeClock();
    const stops = { deadline: START + 1_000 };
    const error = await failure(retrying(flaky(99).attempt, options(clock, { stops })));
    expect(error).toBeInstanceOf(StoppedError);
    expect((error as StoppedError).reason).toBe('deadline');
    expect(error.message).toBe('The time allowed ran out');
    expect(clock.slept).toEqual([1_000]);
  });

  it('sends nothing once the run is cancelled, and says so in its own words', async () => {
    const controller = new AbortController();
    controller.abort();
    const { attempt, calls } = flaky(0);
    const error = await failure(
      retrying(
        attempt,
        options(fakeClock(), {
          stops: { signal: controller.signal },
          cancelledBetween: 'Cancelled before the next page',
        }),
      ),
    );
    expect(error).toBeInstanceOf(StoppedError);
    expect((error as StoppedError).reason).toBe('aborted');
    expect(error.message).toBe('Cancelled before the next page');
    // Nothing was sent, so nothing can have been done on GitLab's side.
    expect((error as StoppedError).maybeProcessed).toBe(false);
    expect(calls).toEqual([]);
  });

  it('makes no further attempt when cancelled during the wait between two', async () => {
    const controller = new AbortController();
    const clock = fakeClock(() => controller.abort());
    const { attempt, calls } = flaky(99);
    const error = await failure(
      retrying(attempt, options(clock, { stops: { signal: controller.signal } })),
    );
    expect((error as StoppedError).reason).toBe('aborted');
    expect(error.message).toBe('The run was cancelled');
    expect(calls).toEqual([1]);
  });

  it('reports a cancel as a cancel even when the deadline has passed too', async () => {
    const controller = new AbortController();
    controller.abort();
    const clock = fakeClock();
    const stops = { signal: controller.signal, deadline: START - 1 };
    const error = await failure(retrying(flaky(0).attempt, options(clock, { stops })));
    expect((error as StoppedError).reason).toBe('aborted');
  });

  it('holds the first request while the rate limit is used up, saying for how long', async () => {
    const clock = fakeClock();
    const { lines, logger } = recorder();
    const { attempt } = flaky(0);
    await retrying(attempt, options(clock, { logger, holdMs: () => 1_500 }));
    expect(clock.slept).toEqual([1_500]);
    expect(lines).toEqual(["debug: GitLab's rate limit is used up; holding requests for 1.5s."]);
  });

  it('holds no longer than the longest Retry-After', async () => {
    const clock = fakeClock();
    await retrying(flaky(0).attempt, options(clock, { holdMs: () => 600_000 }));
    expect(clock.slept).toEqual([60_000]);
  });

  it('does not hold when the rate limit has reset', async () => {
    const clock = fakeClock();
    await retrying(flaky(0).attempt, options(clock, { holdMs: () => 0 }));
    await retrying(flaky(0).attempt, options(clock, { holdMs: () => -5 }));
    expect(clock.slept).toEqual([]);
  });

  it('sends at once rather than hold past the deadline', async () => {
    const clock = fakeClock();
    const { attempt, calls } = flaky(0);
    const stops = { deadline: START + 1_000 };
    await expect(retrying(attempt, options(clock, { stops, holdMs: () => 1_001 }))).resolves.toBe(
      'ok',
    );
    expect(clock.slept).toEqual([]);
    expect(calls).toEqual([1]);
  });

  it('holds when the hold ends exactly at the deadline', async () => {
    const clock = fakeClock();
    const stops = { deadline: START + 1_000 };
    const error = await failure(
      retrying(flaky(0).attempt, options(clock, { stops, holdMs: () => 1_000 })),
    );
    expect(clock.slept).toEqual([1_000]);
    expect((error as StoppedError).reason).toBe('deadline');
  });

  it('sends nothing after a cancel that comes during a rate-limit hold', async () => {
    const controller = new AbortController();
    const clock = fakeClock(() => controller.abort());
    const { attempt, calls } = flaky(0);
    const error = await failure(
      retrying(
        attempt,
        options(clock, {
          stops: { signal: controller.signal },
          holdMs: () => 5_000,
          cancelledBetween: 'Cancelled while held',
        }),
      ),
    );
    expect(calls).toEqual([]);
    expect((error as StoppedError).reason).toBe('aborted');
    expect(error.message).toBe('Cancelled while held');
  });
});

describe('Backoff', () => {
  const pauses = (backoff: Backoff, asked: Array<number | undefined>) =>
    asked.map((ms) => backoff.next(ms));

  it('gives the policy pauses in order, then gives up when the attempts are used', () => {
    const backoff = new Backoff(DEFAULT_RETRY, fakeClock());
    expect(pauses(backoff, [undefined, undefined, undefined, undefined, undefined])).toEqual([
      1_000,
      2_000,
      4_000,
      8_000,
      undefined,
    ]);
    expect(backoff.failures).toBe(5);
  });

  it('starts again from the first pause after a success', () => {
    const clock = fakeClock();
    const backoff = new Backoff(DEFAULT_RETRY, clock);
    expect(backoff.lasted()).toBe(0);
    pauses(backoff, [undefined, undefined, undefined]);
    clock.t += 7_000;
    expect(backoff.lasted()).toBe(7_000);
    backoff.reset();
    expect(backoff.failures).toBe(0);
    expect(backoff.lasted()).toBe(0);
    expect(backoff.next()).toBe(1_000);
  });

  it("waits a Retry-After instead of the backoff, shorter or longer, when the policy says 'instead'", () => {
    const backoff = new Backoff(DEFAULT_RETRY, fakeClock());
    expect(pauses(backoff, [undefined, undefined, 500, 30_000])).toEqual([
      1_000, 2_000, 500, 30_000,
    ]);
  });

  it("gives up on a Retry-After longer than it waits when the policy says 'instead'", () => {
    expect(new Backoff(DEFAULT_RETRY, fakeClock()).next(60_001)).toBeUndefined();
  });

  it("waits at least the backoff, and a Retry-After cut to its longest, when the policy says 'at least'", () => {
    const policy = { ...DEFAULT_RETRY, attempts: Infinity, retryAfter: 'at least' as const };
    const backoff = new Backoff(policy, fakeClock());
    expect(pauses(backoff, [45_000, 600_000, 500, undefined])).toEqual([
      45_000, 60_000, 4_000, 8_000,
    ]);
  });

  it('gives up once the failures have lasted the time the policy allows, counted from the first', () => {
    const clock = fakeClock();
    const backoff = new Backoff({ ...DEFAULT_RETRY, attempts: Infinity, forMs: 10_000 }, clock);
    clock.t += 5_000;
    expect(backoff.next()).toBe(1_000);
    clock.t += 9_999;
    expect(backoff.next()).toBe(2_000);
    expect(backoff.lasted()).toBe(9_999);
    clock.t += 1;
    expect(backoff.next()).toBeUndefined();
  });
});

describe('retrying with a policy of unbounded attempts', () => {
  it('says which attempt comes next without a count it has none of, and stops at its time limit', async () => {
    const clock = fakeClock();
    const { lines, logger } = recorder();
    const policy = { ...DEFAULT_RETRY, attempts: Infinity, forMs: 3_000 };
    const { attempt, calls } = flaky(99);
    const error = await failure(retrying(attempt, options(clock, { policy, logger })));
    // 1s and 2s pass; the third failure comes 3s after the first.
    expect(calls).toEqual([1, 2, 3]);
    expect(error.message).toBe('gave up after 3 attempt(s)');
    expect(lines[0]).toBe(
      'warning: GitLab answered 503 Service Unavailable; trying again in 1s (attempt 2).',
    );
  });
});

describe('timeoutOn', () => {
  it("aborts its signal when the clock's sleep of the time ends", async () => {
    let wake: (() => void) | undefined;
    const slept: number[] = [];
    const clock: Clock = {
      now: () => START,
      sleep: (ms) => (slept.push(ms), new Promise<void>((resolve) => (wake = resolve))),
    };
    const timeout = timeoutOn(clock, 10_000);
    expect(slept).toEqual([10_000]);
    expect(timeout.signal.aborted).toBe(false);
    wake?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeout.signal.aborted).toBe(true);
  });

  it('never aborts once disposed, and ends its sleep', async () => {
    let sleepSignal: AbortSignal | undefined;
    let wake: (() => void) | undefined;
    const clock: Clock = {
      now: () => START,
      sleep: (_ms, signal) => {
        sleepSignal = signal;
        return new Promise<void>((resolve) => (wake = resolve));
      },
    };
    const timeout = timeoutOn(clock, 10_000);
    timeout.dispose();
    expect(sleepSignal?.aborted).toBe(true);
    wake?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeout.signal.aborted).toBe(false);
  });
});

describe('pause', () => {
  it('sleeps the time asked when there is no deadline', async () => {
    const clock = fakeClock();
    await pause(700, clock, undefined);
    expect(clock.slept).toEqual([700]);
  });

  it('sleeps only until the deadline, then says the time ran out', async () => {
    const clock = fakeClock();
    const error = await failure(pause(5_000, clock, { deadline: START + 300 }));
    expect(clock.slept).toEqual([300]);
    expect(error).toBeInstanceOf(StoppedError);
    expect((error as StoppedError).reason).toBe('deadline');
    expect((error as StoppedError).maybeProcessed).toBe(false);
  });

  it('returns after a sleep that ends before the deadline', async () => {
    const clock = fakeClock();
    await pause(300, clock, { deadline: START + 5_000 });
    expect(clock.slept).toEqual([300]);
  });

  it('does not sleep at all once the deadline has passed', async () => {
    const clock = fakeClock();
    await expect(pause(300, clock, { deadline: START })).rejects.toThrow(
      'The time allowed ran out',
    );
    expect(clock.slept).toEqual([]);
  });

  it('hands the cancel signal to the sleep, and reports the cancel in the words given', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const clock: Clock = {
      now: () => START,
      sleep: async (_ms, signal) => {
        seen = signal;
        controller.abort();
      },
    };
    const error = await failure(pause(1_000, clock, { signal: controller.signal }, 'Stopped.'));
    expect(seen).toBe(controller.signal);
    expect(error.message).toBe('Stopped.');
    expect((error as StoppedError).reason).toBe('aborted');
  });
});

describe('throwIfStopped', () => {
  it('lets a run go on with no cancel and no deadline, or before its deadline', () => {
    expect(() => throwIfStopped(fakeClock(), undefined)).not.toThrow();
    expect(() => throwIfStopped(fakeClock(), { deadline: START + 1 })).not.toThrow();
    const signal = new AbortController().signal;
    expect(() => throwIfStopped(fakeClock(), { signal })).not.toThrow();
  });

  it('stops a run at its deadline, not only after it', () => {
    expect(() => throwIfStopped(fakeClock(), { deadline: START })).toThrow(
      'The time allowed ran out',
    );
  });

  it('says a cancelled run was cancelled, by default in these words', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => throwIfStopped(fakeClock(), { signal: controller.signal })).toThrow(
      'The run was cancelled',
    );
  });
});

describe('timeLeft', () => {
  it('is nothing to bound without a deadline, else the time to it and at least 1 ms', () => {
    const clock = fakeClock();
    expect(timeLeft(clock, undefined)).toBeUndefined();
    expect(timeLeft(clock, {})).toBeUndefined();
    expect(timeLeft(clock, { deadline: START + 2_500 })).toBe(2_500);
    expect(timeLeft(clock, { deadline: START })).toBe(1);
    expect(timeLeft(clock, { deadline: START - 10_000 })).toBe(1);
  });
});

describe('abortedLater', () => {
  it('gives nothing to wait under when there is no cancel signal', () => {
    const later = abortedLater(undefined, 100, fakeClock());
    expect(later.signal).toBeUndefined();
    expect(() => later.dispose()).not.toThrow();
  });

  it('aborts the given time after the cancel, not before', async () => {
    const controller = new AbortController();
    let wake: (() => void) | undefined;
    const slept: number[] = [];
    const clock: Clock = {
      now: () => START,
      sleep: (ms) => {
        slept.push(ms);
        return new Promise<void>((resolve) => (wake = resolve));
      },
    };
    const later = abortedLater(controller.signal, 3_000, clock);
    expect(later.signal?.aborted).toBe(false);
    expect(slept).toEqual([]);
    controller.abort();
    expect(slept).toEqual([3_000]);
    expect(later.signal?.aborted).toBe(false);
    wake?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(later.signal?.aborted).toBe(true);
  });

  it('counts from now when the run was cancelled already', () => {
    const controller = new AbortController();
    controller.abort();
    const slept: number[] = [];
    const clock: Clock = {
      now: () => START,
      sleep: (ms) => (slept.push(ms), new Promise(() => {})),
    };
    abortedLater(controller.signal, 3_000, clock);
    expect(slept).toEqual([3_000]);
  });

  it('never aborts once disposed: the request ended before the grace ran out', async () => {
    const controller = new AbortController();
    let wake: (() => void) | undefined;
    let sleepSignal: AbortSignal | undefined;
    const clock: Clock = {
      now: () => START,
      sleep: (_ms, signal) => {
        sleepSignal = signal;
        return new Promise<void>((resolve) => (wake = resolve));
      },
    };
    const later = abortedLater(controller.signal, 3_000, clock);
    controller.abort();
    later.dispose();
    expect(sleepSignal?.aborted).toBe(true);
    wake?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(later.signal?.aborted).toBe(false);
  });

  it('does not start the grace for a cancel that comes after the request ended', () => {
    const controller = new AbortController();
    const slept: number[] = [];
    const clock: Clock = {
      now: () => START,
      sleep: (ms) => (slept.push(ms), new Promise(() => {})),
    };
    abortedLater(controller.signal, 3_000, clock).dispose();
    controller.abort();
    expect(slept).toEqual([]);
  });
});
