/**
 * When to ask for the pipeline's status next. A pipeline that ends in two seconds should
 * be noticed within about a second, and a two-hour pipeline should not cost thousands of
 * requests, so the pause grows with the pipeline's age:
 *
 *   pause = clamp(age / 5, 1 s, cap) ± 10 % jitter
 *
 * — 1 s for the first 5 s, 6 s at 30 s, 12 s at one minute, reaching the cap (30 s by
 * default) at 2.5 minutes: a 10-minute pipeline costs about 37 requests, fewer than a fixed
 * 15-second poll. The jitter keeps many waiting jobs from polling in lockstep.
 */
export const MIN_POLL_MS = 1_000;

export function nextPollDelay(
  ageMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(Math.max(ageMs / 5, MIN_POLL_MS), capMs);
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.max(MIN_POLL_MS / 2, Math.round(base * jitter));
}
