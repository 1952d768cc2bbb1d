/**
 * When to ask for the pipeline's status next.
 *
 * Without history, the pause grows with the pipeline's age:
 *
 *   pause = clamp(age / 5, 1 s, cap) ± 10 % jitter
 *
 * — 1 s for the first 5 s, 6 s at 30 s, 12 s at one minute, reaching the cap (60 s by
 * default) at five minutes. A pipeline that ends in two seconds is noticed within a second.
 *
 * With history — how long the last successful pipelines on the same ref took — the schedule
 * spends its requests where the end is likely: one early look (1 s, to catch a pipeline that
 * fails at once), sparse looks spread evenly while the end is far, then a look every 3 s
 * through a window around the expected end. It spends no more requests than a fixed
 * 15-second poll would over the expected duration, and notices the end within about 1.5 s
 * when the pipeline takes as long as it usually does. Past the window the pause starts at
 * 3 s again and grows with the overrun (a fifth of it) up to the cap.
 */
export const MIN_POLL_MS = 1_000;
/** The spacing of the looks around the expected end. */
export const DENSE_POLL_MS = 3_000;
/** The fixed poll the history-based schedule must not spend more requests than. */
export const REFERENCE_POLL_MS = 15_000;
/** Below this, history does not pay: the age-based schedule already polls every second or two. */
const MIN_EXPECTED_MS = 20_000;

export interface PollPlan {
  /** Time since the pipeline was created, in ms. */
  readonly ageMs: number;
  /** The longest pause allowed. */
  readonly capMs: number;
  /** How long the pipeline is expected to take, from recent pipelines on the same ref. */
  readonly expectedMs?: number;
  readonly random?: () => number;
}

export function nextPollDelay(plan: PollPlan): number {
  const random = plan.random ?? Math.random;
  const expected = plan.expectedMs;
  if (expected === undefined || expected < MIN_EXPECTED_MS)
    return ageBased(plan.ageMs, plan.capMs, random);

  const { start, end } = expectedWindow(expected);
  // Past the window the pipeline overruns its history: from the dense pause, grow with the overrun.
  if (plan.ageMs >= end) {
    return ageBased(plan.ageMs - end, plan.capMs, random, DENSE_POLL_MS);
  }
  if (plan.ageMs >= start) return DENSE_POLL_MS;
  if (plan.ageMs < MIN_POLL_MS) return MIN_POLL_MS - plan.ageMs;

  // Requests the reference poll would spend, less the early look and the window's looks
  // (those up to the expected end, and one more for a pipeline that ends a moment late).
  const windowLooks = Math.ceil((expected - start) / DENSE_POLL_MS) + 2;
  const sparseLooks = Math.max(0, Math.floor(expected / REFERENCE_POLL_MS) - 1 - windowLooks);
  const spacing = start / (sparseLooks + 1);
  const jittered = Math.round(spacing * (1 + (random() * 2 - 1) * 0.1));
  return Math.max(MIN_POLL_MS, Math.min(jittered, plan.capMs, start - plan.ageMs));
}

/** The stretch around the expected end where the schedule looks every DENSE_POLL_MS. */
export function expectedWindow(expectedMs: number): { start: number; end: number } {
  const margin = Math.min(expectedMs * 0.05, 10_000) + 2_000;
  return { start: expectedMs - margin, end: expectedMs + margin };
}

function ageBased(
  ageMs: number,
  capMs: number,
  random: () => number,
  floorMs = MIN_POLL_MS,
): number {
  const base = Math.min(Math.max(ageMs / 5, floorMs), capMs);
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.max(MIN_POLL_MS / 2, Math.round(base * jitter));
}

/**
 * The expected duration from recent finished pipelines' durations: their median, so one odd
 * run (a cache miss, a retry) does not move it.
 */
export function typicalDuration(durationsMs: readonly number[]): number | undefined {
  const sorted = durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
