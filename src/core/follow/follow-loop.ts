import { StoppedError } from '../errors.js';
import type { Pipeline } from '../pipeline.js';
import type { PipelinesApi } from '../pipelines-api.js';
import { isFinished } from '../pipeline-statuses.js';
import type { Schedule } from './schedule.js';
import type { JobsReader } from './snapshot.js';
import type { OutageTracker } from './outage-tracker.js';
import type { Snapshot, Verdict, WatchContext, Watcher } from './watcher.js';

export interface FollowOptions {
  readonly api: Pick<PipelinesApi, 'pipeline'>;
  readonly pipeline: Pipeline;
  /** When the wait began (epoch ms); the schedule counts the pipeline's age from here. */
  readonly start: number;
  readonly schedule: Schedule;
  readonly jobs: JobsReader;
  readonly outages: OutageTracker;
  readonly watchers: readonly Watcher[];
  /** Its `stops` hold the run's cancel and the wait's deadline. */
  readonly ctx: WatchContext & { readonly stops: { readonly deadline: number } };
}

export interface FollowEnd {
  readonly reason: 'finished' | 'verdict' | 'timed-out' | 'aborted';
  readonly pipeline: Pipeline;
  readonly verdict?: Verdict;
  readonly last?: Snapshot;
}

/**
 * The follow loop: it only schedules, reads, rides out transient trouble, and stops when
 * the pipeline finishes, a watcher gives a verdict, the deadline passes or the run is
 * cancelled. Everything else a wait does is a watcher's.
 */
export async function followPipeline(options: FollowOptions): Promise<FollowEnd> {
  const { clock, stops } = options.ctx;
  const elapsed = (): number => clock.now() - options.start;
  const stopped = (): 'aborted' | 'timed-out' | undefined =>
    stops.signal?.aborted ? 'aborted' : clock.now() >= stops.deadline ? 'timed-out' : undefined;
  let pipeline = options.pipeline;
  let last: Snapshot | undefined;
  // The status reads keep the schedule's pace; a watcher may ask to be woken between them.
  let statusAt = clock.now() + options.schedule.next(0);
  for (;;) {
    const before = stopped();
    if (before) return { reason: before, pipeline, last };
    const wakeAt = Math.min(statusAt, earliestWake(options.watchers));
    await clock.sleep(Math.max(0, Math.min(wakeAt, stops.deadline) - clock.now()), stops.signal);
    const after = stopped();
    if (after) return { reason: after, pipeline, last };
    if (clock.now() < statusAt) {
      await wakeWatchers(options.watchers, options.ctx);
      continue;
    }

    try {
      pipeline = {
        ...pipeline,
        ...(await options.api.pipeline(pipeline.id, { stops, once: true })),
      };
      options.outages.recovered();
    } catch (error) {
      statusAt = clock.now() + options.outages.failed(error, pipeline);
      continue;
    }
    const changed = last === undefined || last.pipeline.status !== pipeline.status;
    last = options.jobs.snapshot(pipeline, elapsed(), changed);
    const verdict = await showWatchers(options.watchers, last, options.ctx);
    // What the watchers read (a failed job, no job left) may say the end is near.
    options.schedule.observe(last);
    if (isFinished(pipeline.status)) return { reason: 'finished', pipeline, last };
    if (verdict) return { reason: 'verdict', pipeline, verdict, last };
    statusAt = clock.now() + options.schedule.next(elapsed());
  }
}

/** The soonest moment a watcher wants to be woken at; Infinity when none does. */
function earliestWake(watchers: readonly Watcher[]): number {
  let at = Infinity;
  for (const watcher of watchers) at = Math.min(at, watcher.wakeAt?.() ?? Infinity);
  return at;
}

/** Wakes the watchers whose moment has come; a failure is a warning, as for a read. */
async function wakeWatchers(watchers: readonly Watcher[], ctx: WatchContext): Promise<void> {
  const now = ctx.clock.now();
  for (const watcher of watchers) {
    const at = watcher.wakeAt?.();
    if (at === undefined || at > now || !watcher.wake) continue;
    try {
      await watcher.wake(ctx);
    } catch (error) {
      watcherFailed(watcher, error, ctx);
    }
  }
}

/** Hands the snapshot to every watcher in order; the first verdict counts. */
async function showWatchers(
  watchers: readonly Watcher[],
  snapshot: Snapshot,
  ctx: WatchContext,
): Promise<Verdict | undefined> {
  let verdict: Verdict | undefined;
  for (const watcher of watchers) {
    if (!watcher.see) continue;
    try {
      // Every watcher sees every read, even after an earlier one gave its verdict.
      const seen = await watcher.see(snapshot, ctx);
      verdict ??= seen;
    } catch (error) {
      watcherFailed(watcher, error, ctx);
    }
  }
  return verdict;
}

/** A watcher's failure is a warning, never the end of the wait; a cancel is no failure. */
export function watcherFailed(watcher: Watcher, error: unknown, ctx: WatchContext): void {
  if (error instanceof StoppedError && error.reason === 'aborted') return;
  if (error instanceof StoppedError) {
    ctx.logger.warning(`The wait cut its ${watcher.name} short: the time allowed ran out.`);
    return;
  }
  const why = error instanceof Error ? error.message : String(error);
  ctx.logger.warning(`The wait left out its ${watcher.name}: ${why}`);
}
