/**
 * When to ask for the pipeline's status next.
 *
 * The yardstick is a fixed 15-second poll: the schedule never looks more than two times more
 * often than it would have by then (its read number k comes no earlier than 15 s × (k − 2)),
 * and never waits longer than 15 s between two looks, so a pipeline that ends at any moment
 * is noticed no later than the fixed poll's worst case. Within that budget the looks go
 * where an end is likely:
 *
 * - an early look (at 6 s), for a pipeline that fails within seconds;
 * - with history (how long recent successful pipelines took), a look just after the typical
 *   end and, when the history is spread, just after its quicker and slower runs; the looks
 *   before are spaced evenly, at most 15 s apart, so that one lands on each of those ends;
 * - when the jobs show the end is near (a job failed that may not, or none is left to run),
 *   two looks soon after;
 * - past every expected end, a look every 15 s, like the fixed poll; past an hour the pause
 *   grows with the age (a 4-hour pipeline is read every minute).
 *
 * The looks with nothing expected are spread by up to 5 % (only ever earlier, within the
 * budget), so that many waits started together drift apart; the looks aimed at an expected
 * end are not, as jitter would miss the end they aim at.
 */
export const REFERENCE_POLL_MS = 15_000;
/** How many looks the schedule may be ahead of the fixed poll. */
export const SPARE_LOOKS = 2;
/**
 * The early look, for pipelines that fail within seconds; only one, so that a spare look is
 * left for when the jobs say the end is near.
 */
export const EARLY_LOOKS_MS: readonly number[] = [6_000];
/** How long after an expected end the look aimed at it comes. */
export const END_MARGIN_MS = 1_000;
/** Looks soon after the jobs say the end is near. */
export const IMMINENT_LOOKS_MS: readonly number[] = [2_000, 6_000];
/** The shortest pause. */
export const MIN_POLL_MS = 1_000;
/** From this age the pause grows with it: age / 240 (15 s at an hour, a minute at four). */
const LONG_WAIT_MS = 3_600_000;

/** What recent pipelines say about this one's length. */
export interface Expectation {
  /** The typical duration: the median of the recent ones. */
  readonly ms: number;
  /** The quicker and the slower of the usual runs, when they differ from the typical one. */
  readonly lowMs?: number;
  readonly highMs?: number;
}

export interface PollPlan {
  /** Time since the wait began, in ms. */
  readonly ageMs: number;
  /** How many status reads were scheduled before this one. */
  readonly reads: number;
  /** The longest pause allowed (the user's max_poll_interval): it wins over everything. */
  readonly capMs: number;
  readonly expected?: Expectation;
  /** When the jobs last said the end was near (ms since the wait began). */
  readonly imminentAtMs?: number;
  readonly random?: () => number;
}

/** The pause before the next status read. */
export function nextPollDelay(plan: PollPlan): number {
  const { ageMs, capMs } = plan;
  const gap = Math.min(REFERENCE_POLL_MS, capMs);
  // The budget: read number k = reads + 1 comes no earlier than the fixed poll's read k − 2.
  const earliest = REFERENCE_POLL_MS * (plan.reads + 1 - SPARE_LOOKS);
  const anchor = lookTargets(plan).find((at) => at >= ageMs + MIN_POLL_MS);
  let at: number;
  if (anchor !== undefined) {
    // Evenly spaced steps of at most `gap`, the last one landing on the target.
    at = ageMs + (anchor - ageMs) / Math.ceil((anchor - ageMs) / gap);
  } else {
    const step = ageMs > LONG_WAIT_MS ? Math.max(gap, ageMs / 240) : gap;
    const random = plan.random ?? Math.random;
    at = ageMs + step * (1 - 0.05 * random());
  }
  const pause = Math.max(at, earliest, ageMs + MIN_POLL_MS) - ageMs;
  return Math.round(Math.min(pause, capMs));
}

/** The moments worth a look, in order: the early ones, the expected ends, the imminent end. */
export function lookTargets(plan: Pick<PollPlan, 'expected' | 'imminentAtMs'>): number[] {
  const targets = [...EARLY_LOOKS_MS];
  const expected = plan.expected;
  if (expected) {
    for (const end of [expected.lowMs, expected.ms, expected.highMs]) {
      if (end !== undefined) targets.push(end + END_MARGIN_MS);
    }
  }
  if (plan.imminentAtMs !== undefined) {
    for (const soon of IMMINENT_LOOKS_MS) targets.push(plan.imminentAtMs + soon);
  }
  return targets.sort((a, b) => a - b);
}

/**
 * What recent finished pipelines' durations say: the median, so one odd run (a cache miss,
 * a retry) does not move it, and the second quickest and second slowest of five as the
 * usual spread when they are more than 3 s from it.
 */
export function expectation(durationsMs: readonly number[]): Expectation | undefined {
  const sorted = durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
  const ms = typicalDuration(sorted);
  if (ms === undefined) return undefined;
  const trim = sorted.length >= 4 ? 1 : 0;
  const low = sorted[trim] ?? ms;
  const high = sorted[sorted.length - 1 - trim] ?? ms;
  return {
    ms,
    ...(ms - low > 3_000 ? { lowMs: low } : {}),
    ...(high - ms > 3_000 ? { highMs: high } : {}),
  };
}

/** The median of recent finished pipelines' durations. */
export function typicalDuration(durationsMs: readonly number[]): number | undefined {
  const sorted = durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
