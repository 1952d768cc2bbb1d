/**
 * What following a job's log may cost. GitLab answers `GET /jobs/:id/trace` with the whole log
 * so far (no Range), so each read costs the log's size: the reads slow down as the log grows
 * so that one job's reads stay within LOG_BUDGET_BYTES_PER_MINUTE, and past
 * MAX_FOLLOWED_LOG_BYTES the log is no longer followed.
 */

/** The bytes read a minute for one followed job, at most. */
export const LOG_BUDGET_BYTES_PER_MINUTE = 10 * 1024 * 1024;
/** The quickest reads: a log of up to ~340 KiB is read every 2 s. */
export const QUICKEST_LOG_READ_MS = 2_000;
/** A log that has not grown is read less often, down to this pace (its job may sleep). */
export const SLOWEST_QUIET_READ_MS = 30_000;
/** Past this size a log is no longer followed: each read would take more than 1.5 min of budget. */
export const MAX_FOLLOWED_LOG_BYTES = 16 * 1024 * 1024;
/** The new part of a log one read keeps (and hands on) at most; the rest waits for the next. */
export const LOG_WINDOW_BYTES = 1024 * 1024;
/** The most logs followed at once: the budget is per job, so this bounds the whole. */
export const MAX_FOLLOWED_LOGS = 5;

/**
 * The pause before the next read of a log of `size` bytes that grows by `growthPerMs` and has
 * been quiet for `quiet` reads in a row: what keeps the reads within the budget (the next read
 * costs the size the log will have by then), and longer while nothing comes. A log that grows
 * by more than half the budget a minute is read at half the budget's pace, and soon reaches
 * MAX_FOLLOWED_LOG_BYTES.
 */
export function logReadDelay(size: number, quiet = 0, growthPerMs = 0): number {
  // Planned at 90 % of the budget: the read at the job's end comes on top.
  const rate = (0.9 * LOG_BUDGET_BYTES_PER_MINUTE) / 60_000;
  const room = Math.max(rate - growthPerMs, rate / 2);
  const budget = Math.ceil(size / room);
  const calm = Math.min(QUICKEST_LOG_READ_MS * 2 ** Math.min(quiet, 8), SLOWEST_QUIET_READ_MS);
  return Math.max(QUICKEST_LOG_READ_MS, budget, quiet > 0 ? calm : 0);
}
