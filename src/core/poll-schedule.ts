/**
 * When to ask for the pipeline's status next.
 *
 * The yardstick is a fixed 15-second poll: the schedule never looks more than two times more
 * often than it would have by then (its read number k comes no earlier than 15 s × (k − 2)),
 * and waits about 15 s at most between two looks (a little longer only to land a look on an
 * expected end within the budget), so a pipeline that ends at any moment is noticed about as
 * soon as the fixed poll would at worst. Within that budget the looks go where an end is likely:
 *
 * - two early looks (2 s and 6 s), for a pipeline that ends at once or fails within seconds;
 * - with history (how long recent successful pipelines took), a look just after the typical
 *   end and, when the history is spread, just after its slower runs; the looks before are
 *   spaced evenly, so that one lands on each of those ends;
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
 * The early looks: at 2 s, decided before any history is read, for a pipeline that ends at
 * once; at 6 s, for one that fails within seconds.
 */
export const EARLY_LOOKS_MS: readonly number[] = [2_000, 6_000];
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
  /** The slower of the usual runs, when it differs from the typical one. */
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
    // Evenly spaced steps of at most `gap`, the last one landing on the target; fewer (and
    // a little longer) when that many would put the target's read beyond the budget.
    const withinBudget = Math.floor(anchor / REFERENCE_POLL_MS) + SPARE_LOOKS - plan.reads;
    const steps = Math.max(1, Math.min(Math.ceil((anchor - ageMs) / gap), withinBudget));
    at = ageMs + (anchor - ageMs) / steps;
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
    // Not the quicker runs: a look aimed at them would take the budget the typical end needs.
    for (const end of [expected.ms, expected.highMs]) {
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
 * a retry) does not move it, and the second slowest of five as the usual slower run when it
 * is more than 3 s later.
 */
export function expectation(durationsMs: readonly number[]): Expectation | undefined {
  const sorted = usableDurations(durationsMs);
  const ms = medianOf(sorted);
  if (ms === undefined) return undefined;
  const high = sorted[sorted.length - (sorted.length >= 4 ? 2 : 1)] ?? ms;
  return high - ms > 3_000 ? { ms, highMs: high } : { ms };
}

/** The median of recent finished pipelines' durations. */
export function typicalDuration(durationsMs: readonly number[]): number | undefined {
  return medianOf(usableDurations(durationsMs));
}

/** The durations a reading can go by (finite and positive), shortest first. */
function usableDurations(durationsMs: readonly number[]): number[] {
  return durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
}

/** The median of durations sorted shortest first. */
function medianOf(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
